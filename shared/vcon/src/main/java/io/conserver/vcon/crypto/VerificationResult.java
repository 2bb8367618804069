package io.conserver.vcon.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The verdict on a signed vCon.
 *
 * @param valid whether a signature verified and its certificate chain reached a trust anchor
 * @param reason why not (e.g. "signature does not match"), or a one-line summary when valid
 * @param signerSubject the signer (leaf) certificate's common name as {@code CN=...} (its full RFC
 *     2253 subject when it has none); {@code null} when no certificate could be read
 * @param vcon the vCon decoded from the payload; {@code null} unless {@code valid}, so unverified
 *     content cannot be used by mistake
 * @param notes remarks that do not make the vCon invalid (e.g. x5c only in the unprotected header)
 */
public record VerificationResult(
    boolean valid, String reason, String signerSubject, JsonNode vcon, List<String> notes) {

  public VerificationResult {
    notes = List.copyOf(notes);
    if (valid && vcon == null) {
      throw new IllegalArgumentException("a valid result carries the vCon");
    }
    if (!valid) {
      vcon = null;
    }
  }

  static VerificationResult invalid(String reason, String signerSubject, List<String> notes) {
    return new VerificationResult(false, reason, signerSubject, null, notes);
  }

  /**
   * The verified vCon.
   *
   * @throws VconCryptoException with the reason when the result is not valid
   */
  public JsonNode requireValid() {
    if (!valid) {
      throw new VconCryptoException("signed vCon not verified: " + reason);
    }
    return vcon;
  }
}
