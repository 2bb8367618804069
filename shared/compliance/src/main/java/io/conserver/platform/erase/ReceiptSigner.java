package io.conserver.platform.erase;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import io.conserver.platform.Sha256;
import io.conserver.vcon.VconJson;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.text.ParseException;
import java.util.HexFormat;

/**
 * Signs and verifies receipts as compact JWS (RFC 7515), ES256 with the tenant's receipt key (EC
 * P-256). The header's {@code kid} is the SHA-256 of the public key (X.509 SubjectPublicKeyInfo),
 * so a verifier can tell which key signed without being able to swap in its own: verification uses
 * the key the verifier trusts, never one carried in the token. Locally the key pair lives under
 * {@code DATA/TENANT/keys/}; in the cloud it comes from the secret store.
 */
public final class ReceiptSigner {
  static final JOSEObjectType TYPE = new JOSEObjectType("conserver-receipt+jws");

  private final ECPrivateKey privateKey;
  private final ECPublicKey publicKey;

  public ReceiptSigner(KeyPair keys) {
    if (!(keys.getPrivate() instanceof ECPrivateKey priv)
        || !(keys.getPublic() instanceof ECPublicKey pub)) {
      throw new IllegalArgumentException("a receipt key must be an EC P-256 key pair");
    }
    this.privateKey = priv;
    this.publicKey = pub;
  }

  /** A fresh EC P-256 key pair, for a tenant's first receipt. */
  public static KeyPair generateKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is unavailable", e);
    }
  }

  public ECPublicKey publicKey() {
    return publicKey;
  }

  /** The key id: hex SHA-256 of the public key's X.509 encoding. */
  public static String keyId(ECPublicKey key) {
    return HexFormat.of().formatHex(Sha256.of(key.getEncoded()), 0, 16);
  }

  /** The receipt as compact JWS: {@code header.payload.signature}. */
  public String sign(JsonNode receipt) {
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256).type(TYPE).keyID(keyId(publicKey)).build();
    JWSObject jws = new JWSObject(header, new Payload(VconJson.codec().write(receipt)));
    try {
      jws.sign(new ECDSASigner(privateKey));
    } catch (JOSEException e) {
      throw new IllegalStateException("signing the receipt failed", e);
    }
    return jws.serialize();
  }

  /** The outcome of checking a receipt: whether the signature holds, and the payload. */
  public record Verification(boolean valid, String reason, JsonNode payload) {}

  /** Verifies a compact JWS receipt with a trusted public key. */
  public static Verification verify(String compact, ECPublicKey trusted) {
    JWSObject jws;
    try {
      jws = JWSObject.parse(compact.strip());
    } catch (ParseException e) {
      return new Verification(false, "not a compact JWS: " + e.getMessage(), null);
    }
    JsonNode payload;
    try {
      payload = VconJson.codec().read(jws.getPayload().toBytes());
    } catch (RuntimeException e) {
      return new Verification(false, "the payload is not JSON", null);
    }
    if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())) {
      return new Verification(
          false, "unexpected algorithm " + jws.getHeader().getAlgorithm(), payload);
    }
    if (!keyId(trusted).equals(jws.getHeader().getKeyID())) {
      return new Verification(
          false, "signed with another key (kid " + jws.getHeader().getKeyID() + ")", payload);
    }
    try {
      boolean valid = jws.verify(new ECDSAVerifier(trusted));
      return new Verification(valid, valid ? "signature valid" : "bad signature", payload);
    } catch (JOSEException e) {
      return new Verification(false, "cannot verify: " + e.getMessage(), payload);
    }
  }

  /**
   * How a receipt names a key that may hold personal data (a dropped file's name): {@code
   * sha256:<hex>}. Erase and expiry receipts use the same form, so one can be matched to the other.
   */
  public static String hashedKey(String key) {
    return "sha256:" + Sha256.hex(key);
  }
}
