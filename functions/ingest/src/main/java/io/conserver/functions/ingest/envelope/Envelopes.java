package io.conserver.functions.ingest.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.vcon.VconForm;
import io.conserver.vcon.crypto.VconCryptoException;
import io.conserver.vcon.crypto.VerificationResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens a signed or encrypted vCon with the tenant's keys: decrypts a JWE, verifies a JWS (x5c
 * chain to one of the tenant's trust anchors), and hands on the inner unsigned vCon with notes for
 * the ledger saying what was checked. A bad signature, an unknown signer or an undecryptable
 * document is invalid input (quarantined at once, with the reason); missing keys are a
 * configuration error.
 */
public final class Envelopes {
  private final EnvelopeKeys keys;

  public Envelopes(EnvelopeKeys keys) {
    this.keys = keys;
  }

  /** The verified (and decrypted) vCon inside, and what was checked. */
  public record Opened(JsonNode vcon, List<String> notes) {}

  public Opened open(JsonNode document, StageInput input)
      throws InvalidInputException, StageMisconfiguredException {
    List<String> notes = new ArrayList<>();
    JsonNode current = document;
    if (VconForm.of(current) == VconForm.ENCRYPTED) {
      try {
        current = keys.decryptor(input).decrypt(current);
      } catch (VconCryptoException e) {
        throw new InvalidInputException(
            "encrypted vCon not decrypted with the tenant's key: " + e.getMessage());
      }
      if (!current.isObject() || VconForm.of(current) == VconForm.ENCRYPTED) {
        throw new InvalidInputException(
            "encrypted vCon: the decrypted content is neither a signed nor a plain vCon");
      }
      notes.add("(document): decrypted: with the tenant's decryption key");
    }
    if (VconForm.of(current) == VconForm.SIGNED) {
      VerificationResult result;
      try {
        result = keys.verifier(input).verify(current);
      } catch (VconCryptoException e) {
        throw new InvalidInputException("signed vCon not verified: " + e.getMessage());
      }
      if (!result.valid()) {
        String signer =
            result.signerSubject() == null ? "" : " (signer " + result.signerSubject() + ")";
        throw new InvalidInputException("signed vCon not verified: " + result.reason() + signer);
      }
      notes.add("(document): signature: " + result.reason());
      result.notes().forEach(n -> notes.add("(document): signature: " + n));
      current = result.vcon();
      if (!current.isObject() || VconForm.of(current) != VconForm.UNSIGNED) {
        throw new InvalidInputException("signed vCon: the payload is not a plain vCon");
      }
    } else if (!notes.isEmpty()) {
      notes.add("(document): unsigned: the decrypted vCon carries no signature");
    }
    return new Opened(current, notes);
  }
}
