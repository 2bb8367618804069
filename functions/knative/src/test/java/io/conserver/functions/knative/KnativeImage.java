package io.conserver.functions.knative;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

  /**
   * The image's entry point with a container's args and environment, in a process of its own, as
   * the runtime runs it (with {@link #APP} pointing at the built package); the run must end on its
   * own.
   */
  static Exit run(Map<String, String> containerEnv, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    for (String word : entryPoint()) {
      command.add(word.replace(APP, builtApp().toString()));
    }
    command.addAll(List.of(args));
    ProcessBuilder builder = processBuilder(command, containerEnv);
    Path out = Files.createTempFile("conserver-one-shot", ".out");
    Path err = Files.createTempFile("conserver-one-shot", ".err");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertThat(process.waitFor(120, TimeUnit.SECONDS))
          .as("the run ends on its own:\n" + Files.readString(err))
          .isTrue();
      return new Exit(process.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      process.destroyForcibly();
      Files.delete(out);
      Files.delete(err);
    }
  }

  /**
   * A process with the container's environment only: this JVM's {@code java} on the path, and none
   * of the test process's own Quarkus, Conserver or AWS settings.
   */
  static ProcessBuilder processBuilder(List<String> command, Map<String, String> containerEnv) {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet()
        .removeIf(
            k -> k.startsWith("QUARKUS_") || k.startsWith("CONSERVER_") || k.startsWith("AWS_"));
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
    env.putAll(containerEnv);
    return builder;
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
