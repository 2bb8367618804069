package io.conserver.platform.nats;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code nats-server} (CI installs it; see {@code .ci/run}), started with JetStream on a
 * free loopback port and a temporary store directory, once per test class.
 */
final class NatsServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private NatsServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The binary on PATH (or in /usr/sbin, where Debian puts it), if installed. */
  static Optional<Path> binary() {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
    return Stream.of(path.split(":"))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, "nats-server"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  static NatsServer start(Path binary, Path dir) throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = dir.resolve("nats-server.log");
    Process process =
        new ProcessBuilder(
                List.of(
                    binary.toString(),
                    "-a",
                    "127.0.0.1",
                    "-p",
                    Integer.toString(port),
                    "-js",
                    "-sd",
                    dir.resolve("jetstream").toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!listening(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("nats-server did not start:\n" + Files.readString(log));
      }
      Thread.sleep(20);
    }
    return new NatsServer(process, port, log);
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return socket.isConnected();
    } catch (IOException e) {
      return false;
    }
  }

  String url() {
    return "nats://127.0.0.1:" + port;
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
