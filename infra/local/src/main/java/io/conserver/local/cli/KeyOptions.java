package io.conserver.local.cli;

import io.conserver.vcon.VconException;
import io.conserver.vcon.crypto.Pem;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Loading PEM keys and certificates named on the command line, with file-named errors. */
final class KeyOptions {
  private KeyOptions() {}

  static PrivateKey privateKey(Path file) {
    try {
      return Pem.readPrivateKey(CliCommand.readable(file));
    } catch (VconException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** All certificates of all files, in order (leaf first when the user lists a chain). */
  static List<X509Certificate> certificates(List<Path> files) {
    List<X509Certificate> all = new ArrayList<>();
    for (Path file : files) {
      try {
        all.addAll(Pem.readCertificates(CliCommand.readable(file)));
      } catch (VconException e) {
        throw new UserError(e.getMessage());
      }
    }
    return all;
  }
}
