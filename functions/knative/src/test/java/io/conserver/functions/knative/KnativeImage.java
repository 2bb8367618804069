package io.conserver.functions.knative;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the packaged tests read from this module's {@code Dockerfile} (its {@code functions} target,
 * the first of each), to run the image's own command lines on the built package.
 */
final class KnativeImage {
  /** Where the image keeps the package. */
  static final String APP = "/deployments/quarkus-app";

  private KnativeImage() {}

  /** The built {@code target/quarkus-app} the image copies. */
  static Path builtApp() {
    return Path.of(System.getProperty("conserver.quarkus-app", "target/quarkus-app"))
        .toAbsolutePath();
  }

  /** The ENTRYPOINT (exec form: a JSON array). */
  static List<String> entryPoint() throws IOException {
    String line =
        lines().stream().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
    List<String> words = new ArrayList<>();
    KnativeEvents.JSON
        .readTree(line.substring("ENTRYPOINT ".length()))
        .forEach(w -> words.add(w.asText()));
    return words;
  }

  /** The class-data training start ({@code RUN java -XX:ArchiveClassesAtExit=...}). */
  static List<String> trainingRun() throws IOException {
    String line =
        lines().stream()
            .filter(l -> l.startsWith("RUN java ") && l.contains("-XX:ArchiveClassesAtExit="))
            .findFirst()
            .orElseThrow();
    return List.of(line.substring("RUN ".length()).strip().split("\\s+"));
  }

  /** The JVM options ({@code JAVA_OPTS_APPEND}). */
  static String javaOptions() throws IOException {
    Matcher m =
        Pattern.compile("JAVA_OPTS_APPEND=\"([^\"]*)\"").matcher(String.join("\n", lines()));
    if (!m.find()) {
      throw new AssertionError("no JAVA_OPTS_APPEND in the Dockerfile");
    }
    return m.group(1);
  }

  private static List<String> lines() throws IOException {
    return Files.readAllLines(Path.of("Dockerfile"));
  }
}
