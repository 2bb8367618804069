package io.conserver.platform.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the repository (events/, terraform/) from any module's test run. */
public final class RepoPaths {
  private RepoPaths() {}

  /** The repository root: the nearest folder upwards that holds {@code mvnw} and {@code events}. */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("terraform"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("tests must run inside the repository");
  }

  public static Path resolve(String relative) {
    return root().resolve(relative);
  }
}
