package io.conserver.functions.knative;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-premise image's class-data archive, short of the container: the Dockerfile's training
 * {@code RUN} line, run with this JVM on the built {@code target/quarkus-app}, must end on its own
 * and leave the archive; the image's entry point, with the image's {@code JAVA_OPTS_APPEND} and
 * {@code -Xshare:on} added (so a JVM that cannot map the archive refuses to start instead of
 * silently starting without it), must then serve with the application's classes mapped from it.
 * What it saves is measured in docs/BENCHMARKS.md, not here.
 */
class PackagedAppCdsIT {
  private static final String IMAGE_ARCHIVE = KnativeImage.APP + "/app-cds.jsa";

  @TempDir Path work;

  @Test
  void theTrainingStart_writesAnArchive_theServingStartMaps() throws Exception {
    Path archive = work.resolve("app-cds.jsa");
    List<String> training = mapped(KnativeImage.trainingRun(), archive);

    Process train = start(training, Map.of(), work.resolve("training.log"));
    assertThat(train.waitFor(180, TimeUnit.SECONDS))
        .as("the training start ends on its own:\n" + log("training.log"))
        .isTrue();
    assertThat(train.exitValue()).as(log("training.log")).isZero();
    assertThat(archive).isRegularFile();
    assertThat(Files.size(archive)).as("an archive of thousands of classes").isGreaterThan(1 << 20);

    Path classes = work.resolve("classes.log");
    String options =
        String.join(" ", mapped(List.of(KnativeImage.javaOptions().split(" ")), archive))
            + " -Xshare:on -Xlog:class+load=info:file="
            + classes
            + " -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0";
    Process serve =
        start(
            mapped(KnativeImage.entryPoint(), archive),
            Map.of("JAVA_OPTS_APPEND", options),
            work.resolve("serve.log"));
    try {
      awaitListening(serve);
    } finally {
      serve.destroy();
      serve.waitFor(30, TimeUnit.SECONDS);
      serve.destroyForcibly();
    }
    List<String> loaded = Files.readAllLines(classes);
    long mapped =
        loaded.stream().filter(l -> l.contains("source: shared objects file (top)")).count();
    assertThat(mapped).as("classes mapped from the image's archive").isGreaterThan(2000);
    assertThat(loaded)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("com.fasterxml.jackson.databind.ObjectMapper ")
                    .contains("source: shared objects file (top)"));
  }

  private void awaitListening(Process serve) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && serve.isAlive()) {
      if (log("serve.log").contains("Listening on")) {
        return;
      }
      Thread.sleep(100); // polling the log file for the server's own start line
    }
    throw new AssertionError("the server did not start:\n" + log("serve.log"));
  }

  private String log(String name) throws IOException {
    Path file = work.resolve(name);
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private static Process start(List<String> command, Map<String, String> extraEnv, Path log)
      throws IOException {
    return KnativeImage.processBuilder(command, extraEnv)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Image paths replaced by the built package's and this test's archive. */
  private static List<String> mapped(List<String> words, Path archive) {
    String app = KnativeImage.builtApp().toString();
    List<String> out = new ArrayList<>();
    for (String word : words) {
      out.add(word.replace(IMAGE_ARCHIVE, archive.toString()).replace(KnativeImage.APP, app));
    }
    return out;
  }
}
