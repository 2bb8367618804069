package io.conserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataVolumeSyncTest {
  @TempDir Path dir;

  /** A stand-in for sync that records its arguments, one line per run, and exits with status. */
  private Path program(int status) throws IOException {
    Path script = dir.resolve("sync-" + status);
    Files.writeString(
        script, "#!/bin/sh\necho \"$@\" >> " + dir.resolve("calls") + "\nexit " + status + "\n");
    assertThat(script.toFile().setExecutable(true)).isTrue();
    return script;
  }

  private List<String> calls() throws IOException {
    Path calls = dir.resolve("calls");
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  @Test
  void theRealSync_flushesTheVolumeOfTheFolder() {
    Path data = dir.resolve("data");
    assertThat(data.toFile().mkdir()).isTrue();

    DataVolumeSync sync = new DataVolumeSync("sync", data);

    assertThat(sync.tick()).isTrue();
    assertThat(sync.stopped()).isFalse();
  }

  @Test
  void eachTick_syncsTheDataFoldersFileSystem() throws IOException {
    Path data = dir.resolve("data");
    DataVolumeSync sync = new DataVolumeSync(program(0).toString(), data);

    assertThat(sync.tick()).isTrue();
    assertThat(sync.tick()).isTrue();

    assertThat(calls()).containsExactly("-f " + data, "-f " + data);
  }

  @Test
  void aRefusingProgram_isTriedOnce_thenLeftAlone() throws IOException {
    DataVolumeSync sync = new DataVolumeSync(program(1).toString(), dir);

    assertThat(sync.tick()).isFalse();
    assertThat(sync.tick()).isFalse();

    assertThat(calls()).hasSize(1);
    assertThat(sync.stopped()).isTrue();
  }

  @Test
  void aMissingProgram_stopsTheSchedule() {
    DataVolumeSync sync = new DataVolumeSync(dir.resolve("no-such-sync").toString(), dir);

    assertThat(sync.tick()).isFalse();
    assertThat(sync.stopped()).isTrue();
  }
}
