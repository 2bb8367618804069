package io.conserver.local.cli;

import io.conserver.vcon.VconForm;
import io.conserver.vcon.crypto.VconEncryptor;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "encrypt",
    mixinStandardHelpOptions = true,
    description = {
      "Encrypt a vCon for a recipient: print its JWE form on stdout.",
      "JWE General JSON, RSA-OAEP key encryption, A256CBC-HS512 content encryption.",
      "The draft says to sign first: encrypting an unsigned vCon prints a warning."
    })
final class EncryptCommand extends CliCommand {
  @Option(
      names = "--cert",
      paramLabel = "C",
      required = true,
      description = "Recipient certificate (PEM, RSA key).")
  Path certificate;

  @Option(names = "--oaep-256", description = "Use RSA-OAEP-256 instead of RSA-OAEP.")
  boolean oaep256;

  @Option(
      names = "--rfc-headers",
      description = {
        "Keep header parameters disjoint as RFC 7516 requires, for strict JOSE libraries.",
        "Default: the shape of the WG's published examples (enc repeated in each header)."
      })
  boolean rfcHeaders;

  @Parameters(paramLabel = "FILE", description = "vCon JSON, normally signed.")
  Path file;

  @Override
  public Integer call() {
    var document = readJson(file);
    VconForm form = VconForm.of(document);
    if (form == VconForm.ENCRYPTED) {
      throw new UserError(file + ": is already encrypted");
    }
    if (form == VconForm.UNSIGNED) {
      err().println(file + ": warning: encrypting an unsigned vCon (the draft says sign first)");
    }
    VconEncryptor encryptor =
        VconEncryptor.forRecipient(KeyOptions.certificates(java.util.List.of(certificate)).get(0));
    if (oaep256) {
      encryptor = encryptor.with(VconEncryptor.KeyEncryption.RSA_OAEP_256);
    }
    if (rfcHeaders) {
      encryptor = encryptor.disjointHeaders();
    }
    printJson(encryptor.encrypt(document));
    return ExitCodes.OK;
  }
}
