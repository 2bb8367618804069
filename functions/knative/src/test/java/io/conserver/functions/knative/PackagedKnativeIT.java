package io.conserver.functions.knative;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.testing.PackagedStage;
import io.conserver.testing.S3Notifications;
import io.conserver.testing.TestBucket;
import io.conserver.testing.TestVcons;
import io.conserver.testing.TestVcons.Vcon;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built fast-jar ({@code target/quarkus-app}), started as the container image's entry point
 * starts it ({@code java -jar quarkus-app/quarkus-run.jar}, see {@code Dockerfile}) in its own JVM,
 * configured only by environment variables as the Knative Service sets them ({@code PORT}, {@code
 * QUARKUS_FUNQY_EXPORT}, {@code CONSERVER_*}, the store's credentials), and called over HTTP with a
 * KafkaSource CloudEvent. Proves the package is complete and boots outside Maven, and that the
 * export variable chooses the function at run time. Does not prove the image itself (no container
 * runtime here) nor Knative's autoscaling.
 */
class PackagedKnativeIT {
  private static TestBucket bucket;

  @BeforeAll
  static void bucket() {
    bucket = TestBucket.shared();
  }

  @Test
  void byDefault_theImageRunsIngest_andStartsQuickly() throws Exception {
    try (Service service = Service.start(Map.of())) {
      PackagedStage.runs(
          bucket,
          "ingest",
          TestVcons.vcon("packaged knative"),
          input ->
              KnativeEvents.binary(
                      service.request(),
                      KnativeEvents.nextId(),
                      S3Notifications.minioNotification(TestBucket.BUCKET, input))
                  .then()
                  .statusCode(204));
      System.err.println("knative package: JVM start to ready " + service.readyMillis + " ms");
    }
  }

  @Test
  void exportFromTheEnvironment_choosesTheFunction() throws Exception {
    Vcon vcon = TestVcons.vcon("packaged export");
    try (Service service = Service.start(Map.of("QUARKUS_FUNQY_EXPORT", "export-knative"))) {
      PackagedStage.runs(
          bucket,
          "export",
          vcon,
          input ->
              KnativeEvents.structured(
                      service.request(),
                      KnativeEvents.nextId(),
                      S3Notifications.minioNotification(TestBucket.BUCKET, input))
                  .then()
                  .statusCode(204));
    }
    assertThat(bucket.store().head("sinks/journal/" + vcon.uuid() + "/lake.json")).isPresent();
  }

  /** The packaged function in its own JVM, on a free port. */
  private record Service(Process process, int port, Path log, long readyMillis)
      implements AutoCloseable {
    static Service start(Map<String, String> extraEnv) throws Exception {
      Path app = Path.of(System.getProperty("conserver.quarkus-app", "target/quarkus-app"));
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      ProcessBuilder builder =
          new ProcessBuilder(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  app.resolve("quarkus-run.jar").toString()));
      Map<String, String> env = builder.environment();
      env.keySet()
          .removeIf(
              k -> k.startsWith("QUARKUS_") || k.startsWith("CONSERVER_") || k.startsWith("AWS_"));
      env.putAll(bucket.environment());
      env.put("PORT", Integer.toString(port));
      env.putAll(extraEnv);
      Path log = Files.createTempFile("conserver-knative", ".log");
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
      long started = System.nanoTime();
      Process process = builder.start();
      long deadline = started + TimeUnit.SECONDS.toNanos(60);
      while (!listening(port)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException("the package did not start:\n" + Files.readString(log));
        }
        Thread.sleep(20);
      }
      return new Service(
          process, port, log, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static boolean listening(int port) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return socket.isConnected();
      } catch (IOException e) {
        return false;
      }
    }

    RequestSpecification request() {
      return RestAssured.given().baseUri("http://127.0.0.1").port(port);
    }

    @Override
    public void close() throws IOException {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      Files.deleteIfExists(log);
    }
  }
}
