package io.conserver.functions.translate.engine.apertium;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command with text on stdin and collects stdout, with a deadline. Stdin is written and
 * stderr drained on their own threads, so a command that writes while it reads never deadlocks.
 */
final class Subprocess {
  private static final int MAX_STDERR_BYTES = 4096;

  /** What the command printed and how it ended. */
  record Result(int exitCode, String stdout, String stderr) {}

  /** The command did not finish within its deadline; it was killed. */
  static final class TimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    TimeoutException(String message) {
      super(message);
    }
  }

  private Subprocess() {}

  /**
   * @throws IOException when the command cannot be started (not installed)
   */
  static Result run(List<String> command, String stdin, Duration timeout)
      throws IOException, TimeoutException, InterruptedException {
    Process process = new ProcessBuilder(command).start();
    // Own threads, not the common pool: on a one-core function that pool runs one task at a time,
    // and a writer blocked on a full pipe would then wait for a reader that never starts.
    ExecutorService io = Executors.newFixedThreadPool(3);
    try {
      Future<?> writer = io.submit(() -> write(process.getOutputStream(), stdin));
      Future<byte[]> out = io.submit(() -> read(process.getInputStream(), Integer.MAX_VALUE));
      Future<byte[]> err = io.submit(() -> read(process.getErrorStream(), MAX_STDERR_BYTES));
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimeoutException(
            command.get(0) + " did not finish within " + timeout.toSeconds() + " s");
      }
      writer.get();
      return new Result(
          process.exitValue(),
          new String(out.get(), StandardCharsets.UTF_8),
          new String(err.get(), StandardCharsets.UTF_8));
    } catch (ExecutionException e) {
      throw new IOException("I/O with " + command.get(0) + " failed", e.getCause());
    } finally {
      process.destroyForcibly();
      io.shutdownNow();
    }
  }

  private static void write(OutputStream in, String text) {
    try (in) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The command exited before reading everything; its exit code tells what happened.
    }
  }

  // Reads to the end, keeping at most max bytes (the rest is drained and dropped).
  private static byte[] read(InputStream stream, int max) {
    try (stream) {
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = stream.read(buffer)) >= 0; ) {
        int room = max - kept.size();
        kept.write(buffer, 0, Math.min(n, Math.max(room, 0)));
      }
      return kept.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
