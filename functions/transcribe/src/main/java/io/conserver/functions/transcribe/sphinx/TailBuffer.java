package io.conserver.functions.transcribe.sphinx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Drains a child's stderr (so it never blocks on a full pipe) and keeps its last error lines for
 * the failure message; PocketSphinx logs a great deal at INFO, which is dropped.
 */
final class TailBuffer implements Runnable {
  private static final int KEEP = 5;

  private final InputStream in;
  private final Deque<String> errors = new ArrayDeque<>();

  TailBuffer(InputStream in) {
    this.in = in;
  }

  @Override
  public void run() {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("ERROR") || line.startsWith("FATAL")) {
          synchronized (errors) {
            if (errors.size() == KEEP) {
              errors.removeFirst();
            }
            errors.addLast(line.strip());
          }
        }
      }
    } catch (IOException e) {
      // the child went away; what was kept is all there is
    }
  }

  String errors() {
    synchronized (errors) {
      return String.join(" | ", errors);
    }
  }
}
