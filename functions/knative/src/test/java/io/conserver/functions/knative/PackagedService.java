package io.conserver.functions.knative;

import io.conserver.testing.TestBucket;
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

/**
 * The built fast-jar in its own JVM on a free port, started as the image's entry point starts it
 * and configured only by environment variables: the tenant bucket's settings, then {@code extraEnv}
 * (as a Knative Service sets them).
 */
record PackagedService(Process process, int port, Path log, long readyMillis)
    implements AutoCloseable {
  static PackagedService start(TestBucket bucket, Map<String, String> extraEnv) throws Exception {
    Path app = KnativeImage.builtApp();
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
    env.remove("CONSERVER_PIPELINE");
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
    return new PackagedService(
        process, port, log, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return socket.isConnected();
    } catch (IOException e) {
      return false;
    }
  }

  /** What the process wrote so far (stdout and stderr). */
  String output() throws IOException {
    return Files.readString(log);
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
