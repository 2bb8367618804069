package io.conserver.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.vcon.VconForm;
import io.conserver.vcon.crypto.VconDecryptor;
import io.conserver.vcon.crypto.VconVerifier;
import io.conserver.vcon.crypto.VerificationResult;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "decrypt",
    mixinStandardHelpOptions = true,
    description = {
      "Decrypt an encrypted vCon and print the plain vCon JSON on stdout.",
      "When the plaintext is a signed vCon it is unwrapped, and verified if --cert is given;",
      "--keep-signed prints the signed form instead."
    })
final class DecryptCommand extends CliCommand {
  @Option(
      names = "--key",
      paramLabel = "K",
      required = true,
      description = "Recipient private key (PEM).")
  Path key;

  @Option(
      names = "--cert",
      paramLabel = "C",
      description = "Trust anchor(s) to verify the inner signature (PEM; repeatable).")
  List<Path> anchors;

  @Option(
      names = "--keep-signed",
      description = "Print the inner signed vCon (JWS) instead of unwrapping it.")
  boolean keepSigned;

  @Parameters(paramLabel = "FILE", description = "Encrypted vCon (JWE General JSON).")
  Path file;

  @Override
  public Integer call() {
    JsonNode document = readJson(file);
    if (VconForm.of(document) != VconForm.ENCRYPTED) {
      throw new UserError(file + ": not encrypted (expected JWE JSON with ciphertext)");
    }
    JsonNode plaintext = VconDecryptor.withKey(KeyOptions.privateKey(key)).decrypt(document);
    if (VconForm.of(plaintext) != VconForm.SIGNED || keepSigned) {
      printJson(plaintext);
      return ExitCodes.OK;
    }
    if (anchors == null || anchors.isEmpty()) {
      err().println(file + ": warning: inner signature not verified (no --cert given)");
      printJson(unverifiedPayload(plaintext));
      return ExitCodes.OK;
    }
    VerificationResult result =
        VconVerifier.trusting(KeyOptions.certificates(anchors)).verify(plaintext);
    if (!result.valid()) {
      err().println(file + ": inner signature INVALID: " + result.reason());
      return ExitCodes.FAILED;
    }
    printJson(result.vcon());
    return ExitCodes.OK;
  }

  private static JsonNode unverifiedPayload(JsonNode signed) {
    String payload = signed.path("payload").asText("");
    try {
      return io.conserver.vcon.VconJson.codec().read(Base64.getUrlDecoder().decode(payload));
    } catch (IllegalArgumentException e) {
      throw new UserError("inner signed vCon has a payload that is not base64url");
    }
  }
}
