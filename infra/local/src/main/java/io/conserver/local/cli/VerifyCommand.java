package io.conserver.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.vcon.VconForm;
import io.conserver.vcon.crypto.VconVerifier;
import io.conserver.vcon.crypto.VerificationResult;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a signed vCon against a trust anchor.",
      "Exit 0 when the signature holds with the x5c leaf and the chain reaches the anchor",
      "(a root CA, or the signer's own certificate pinned); 1 otherwise, with the reason."
    })
final class VerifyCommand extends CliCommand {
  @Option(
      names = "--cert",
      paramLabel = "C",
      required = true,
      description = "Trust anchor(s) (PEM; repeatable).")
  List<Path> anchors;

  @Option(
      names = "--payload",
      description = "On success print the verified, unsigned vCon instead of a verdict.")
  boolean payload;

  @Parameters(paramLabel = "FILE", description = "Signed vCon (JWS General JSON).")
  Path file;

  @Override
  public Integer call() {
    JsonNode document = readJson(file);
    if (VconForm.of(document) != VconForm.SIGNED) {
      out().println(file + ": not signed (expected JWS General JSON with payload and signatures)");
      return ExitCodes.FAILED;
    }
    VerificationResult result =
        VconVerifier.trusting(KeyOptions.certificates(anchors)).verify(document);
    if (!result.valid()) {
      out().println(file + ": INVALID: " + result.reason());
      return ExitCodes.FAILED;
    }
    result.notes().forEach(note -> err().println(file + ": note: " + note));
    if (payload) {
      printJson(result.vcon());
    } else {
      out().println(file + ": valid, signed by " + result.signerSubject());
    }
    return ExitCodes.OK;
  }
}
