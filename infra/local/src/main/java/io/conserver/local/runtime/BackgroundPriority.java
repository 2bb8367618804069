package io.conserver.local.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Lowers a thread's CPU scheduling priority (its Linux nice value), so background work (pipeline
 * stages behind an HTTP API) uses idle CPU fully but yields to request handling under load, without
 * ever starving: the kernel still gives a niced thread a share. Java thread priorities do not do
 * this on Linux (the JVM ignores them unless run as root with a special flag), so the calling
 * thread's id is read from {@code /proc/thread-self} and {@code renice} is run on it once. Where
 * that is not possible (not Linux, no renice), the thread keeps its normal priority.
 */
public final class BackgroundPriority {
  private BackgroundPriority() {}

  // Field 19 of the thread's stat line, counted after the parenthesised command name.
  private static int currentNice(Path thread) throws IOException {
    String stat = Files.readString(thread.resolve("stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]);
  }

  /**
   * Sets the calling thread's nice value (1-19; 0 or less does nothing). Returns whether it was
   * applied.
   */
  public static boolean lowerCurrentThread(int nice) {
    if (nice <= 0) {
      return false;
    }
    try {
      Path self = Path.of("/proc/thread-self").toRealPath();
      String tid = self.getFileName().toString();
      if (!tid.chars().allMatch(Character::isDigit) || currentNice(self) >= nice) {
        return false; // not Linux, or already as low: never raise a priority
      }
      Process renice =
          new ProcessBuilder("renice", "-n", String.valueOf(Math.min(nice, 19)), "-p", tid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!renice.waitFor(5, TimeUnit.SECONDS)) {
        renice.destroyForcibly();
        return false;
      }
      return renice.exitValue() == 0;
    } catch (IOException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
