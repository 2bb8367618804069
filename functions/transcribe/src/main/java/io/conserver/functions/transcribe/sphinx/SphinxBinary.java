package io.conserver.functions.transcribe.sphinx;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds {@code pocketsphinx_continuous}: {@code CONSERVER_POCKETSPHINX} (a deployment setting, for
 * images that install it elsewhere), else the {@code PATH}. Never from a pipeline's options: a
 * declaration does not choose which program the function runs.
 */
final class SphinxBinary {
  static final String NAME = "pocketsphinx_continuous";
  static final String ENV = "CONSERVER_POCKETSPHINX";
  static final String INSTALL_HINT =
      "the offline engine needs CMU PocketSphinx: apt-get install pocketsphinx pocketsphinx-en-us"
          + " (or set "
          + ENV
          + " to the path of "
          + NAME
          + ")";

  private SphinxBinary() {}

  static Optional<Path> locate(String configured, String path) {
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, NAME);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static Optional<Path> locate() {
    return locate(System.getenv(ENV), System.getenv("PATH"));
  }
}
