package io.conserver.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundPriorityTest {
  @Test
  void lowersOnlyTheCallingThread_onLinux() throws Exception {
    assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux /proc needed");
    int before = currentNice();
    AtomicBoolean applied = new AtomicBoolean();
    AtomicInteger nice = new AtomicInteger(-100);
    Thread worker =
        new Thread(
            () -> {
              applied.set(BackgroundPriority.lowerCurrentThread(7));
              nice.set(currentNice());
            });
    worker.start();
    worker.join();

    assumeTrue(applied.get() || before >= 7, "renice not available here");
    assertThat(nice.get()).isEqualTo(Math.max(7, before));
    assertThat(currentNice()).isEqualTo(before); // this thread is untouched
  }

  @Test
  void zeroMeansNormalPriority() {
    assertThat(BackgroundPriority.lowerCurrentThread(0)).isFalse();
  }

  // Field 19 of /proc/thread-self/stat, counted after the parenthesised command name.
  private static int currentNice() {
    try {
      String stat = Files.readString(Path.of("/proc/thread-self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Integer.parseInt(fields[16]);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
