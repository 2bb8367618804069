package io.conserver.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Flushes the data folder's file system to disk every {@code conserver.api.sync-interval} by
 * running {@code sync -f <folder>} (syncfs(2), coreutils 8.24+). Two effects, without an fsync per
 * request: a power failure loses at most about one interval of acknowledged vCons (the kernel's own
 * write-back waits up to 30 s), and the page cache is written back in small steps instead of the
 * bursts of several hundred MB that stall every writer of the volume for a moment (BENCHMARKS,
 * "Sustained at the target's rate"). Where the program is missing or refuses (not Linux, a volume
 * it cannot sync), one warning and no further attempts: the server runs on as without it.
 */
final class DataVolumeSync {
  private static final Logger LOG = Logger.getLogger(DataVolumeSync.class);
  private static final long TIMEOUT_SECONDS = 60;

  private final List<String> command;
  private volatile boolean stopped;

  DataVolumeSync(String program, Path folder) {
    this.command = List.of(program, "-f", folder.toString());
  }

  /**
   * One flush of the volume; returns whether it completed. A flush that takes longer than a minute
   * (a stuck disk) is abandoned and the next tick tries again.
   */
  boolean tick() {
    if (stopped) {
      return false;
    }
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readNBytes(4096);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        LOG.warnf(
            "%s did not finish within %d s; the next tick tries again", command, TIMEOUT_SECONDS);
        return false;
      }
      if (process.exitValue() != 0) {
        stop(command + " failed: " + new String(output, StandardCharsets.UTF_8).strip());
        return false;
      }
      return true;
    } catch (IOException e) {
      stop("cannot run " + command.get(0) + ": " + e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  boolean stopped() {
    return stopped;
  }

  private void stop(String why) {
    stopped = true;
    LOG.warnf(
        "%s; the data volume is no longer flushed on a schedule (conserver.api.sync-interval):"
            + " acknowledged vCons reach the disk with the kernel's write-back",
        why);
  }
}
