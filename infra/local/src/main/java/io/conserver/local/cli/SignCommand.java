package io.conserver.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.vcon.VconForm;
import io.conserver.vcon.crypto.VconSigner;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = {
      "Sign a vCon: print its JWS form (the draft's signed vCon) on stdout.",
      "RS256 for an RSA key, ES256 for an EC P-256 key; the certificate chain goes in x5c."
    })
final class SignCommand extends CliCommand {
  @Option(
      names = "--key",
      paramLabel = "K",
      required = true,
      description = "Private key (PEM: PKCS#8, PKCS#1 or SEC1).")
  Path key;

  @Option(
      names = "--cert",
      paramLabel = "C",
      required = true,
      description =
          "Signer certificate, then any intermediates (PEM; repeat or give one chain file).")
  List<Path> certificates;

  @Parameters(paramLabel = "FILE", description = "Unsigned vCon JSON.")
  Path file;

  @Override
  public Integer call() {
    JsonNode document = readJson(file);
    VconForm form = VconForm.of(document);
    if (form == VconForm.ENCRYPTED) {
      throw new UserError(file + ": is encrypted; decrypt it before signing");
    }
    VconSigner signer =
        VconSigner.of(KeyOptions.privateKey(key), KeyOptions.certificates(certificates));
    printJson(signer.sign(document));
    return ExitCodes.OK;
  }
}
