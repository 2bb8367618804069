package io.conserver.functions.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The cloud packages (functions/aws, functions/gcp) leave nimbus-jose-jwt out to stay small
 * (quarkus.class-loading.removed-artifacts); export code that imported it would pass every test
 * here and fail with NoClassDefFoundError in Lambda. The SaaS sinks sign their JWTs with the JDK.
 */
class CloudPackageFitTest {
  @Test
  void exportCode_doesNotUseWhatTheCloudPackagesLeaveOut() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      List<Path> offenders =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> read(f).contains("import com.nimbusds."))
              .toList();
      assertThat(offenders).isEmpty();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
