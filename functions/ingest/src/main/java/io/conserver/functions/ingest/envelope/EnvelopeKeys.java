package io.conserver.functions.ingest.envelope;

import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.secrets.TenantKeys;
import io.conserver.platform.secrets.TenantSecrets;
import io.conserver.vcon.crypto.Pem;
import io.conserver.vcon.crypto.VconCryptoException;
import io.conserver.vcon.crypto.VconDecryptor;
import io.conserver.vcon.crypto.VconVerifier;

/**
 * The tenant's keys for signed and encrypted vCons, by reference from the ingest stage's options:
 * {@code trust_anchors_ref} (PEM certificates: roots, or pinned signers) and {@code
 * decryption_key_ref} (a PEM RSA private key). A reference is {@code keys:NAME} (a file of the
 * tenant's keys folder, locally {@code <data>/<tenant>/keys/}), {@code env:NAME} or {@code
 * config:key} (PEM text from the cloud's secret store). Without the option, the keys folder's
 * {@code vcon-trust-anchors.pem} and {@code vcon-decryption.pem} are used when they exist.
 */
public final class EnvelopeKeys {
  static final String TRUST_ANCHORS = "trust_anchors_ref";
  static final String DECRYPTION_KEY = "decryption_key_ref";
  private static final String DEFAULT_ANCHORS = "keys:vcon-trust-anchors.pem";
  private static final String DEFAULT_KEY = "keys:vcon-decryption.pem";

  private final TenantSecrets secrets;

  public EnvelopeKeys(SecretRefs secrets, TenantKeys keys) {
    this.secrets = new TenantSecrets(secrets, keys);
  }

  VconVerifier verifier(StageInput input) throws StageMisconfiguredException {
    String pem = pem(input, TRUST_ANCHORS, DEFAULT_ANCHORS, "trust anchors");
    try {
      return VconVerifier.trusting(Pem.parseCertificates(pem)).withClock(input.clock());
    } catch (VconCryptoException e) {
      throw new StageMisconfiguredException(
          "options." + TRUST_ANCHORS + ": not usable trust anchors: " + e.getMessage());
    }
  }

  VconDecryptor decryptor(StageInput input) throws StageMisconfiguredException {
    String pem = pem(input, DECRYPTION_KEY, DEFAULT_KEY, "decryption key");
    try {
      return VconDecryptor.withKey(Pem.parsePrivateKey(pem));
    } catch (VconCryptoException e) {
      throw new StageMisconfiguredException(
          "options." + DECRYPTION_KEY + ": not a usable decryption key: " + e.getMessage());
    }
  }

  private String pem(StageInput input, String option, String fallback, String what)
      throws StageMisconfiguredException {
    var declared = input.options().get(option);
    String reference = declared != null && declared.isTextual() ? declared.textValue() : fallback;
    try {
      return secrets.resolve(input.tenant(), "options." + option, reference);
    } catch (SecretReferenceException e) {
      throw new StageMisconfiguredException(
          "the tenant's "
              + what
              + " are needed (options."
              + option
              + ": keys:NAME, env:NAME or config:key): "
              + e.getMessage());
    }
  }
}
