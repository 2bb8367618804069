package io.conserver.local.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal check on a /proc and /sys laid out as Linux 6.x lays them out. */
class DataVolumeCheckTest {
  @TempDir Path root;
  Path proc;
  Path sys;

  private static final String ROOT_EXT4 =
      "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict";
  private static final String SHM =
      "31 27 0:26 / /dev/shm rw,nosuid,nodev shared:4 - tmpfs tmpfs rw,size=24000000k";
  private static final String DATA_WITH_SPACE =
      "40 27 7:0 / /srv/conserver\\040data rw,relatime - ext4 /dev/loop0 rw";

  @BeforeEach
  void machine() throws Exception {
    proc = root.resolve("proc");
    sys = root.resolve("sys");
    Files.createDirectories(proc.resolve("self"));
    Files.createDirectories(proc.resolve("fs/jbd2"));
    Path blocks = Files.createDirectories(sys.resolve("devices/virtual/block"));
    Files.createDirectories(sys.resolve("dev/block"));
    Files.createDirectories(blocks.resolve("vda"));
    Files.createDirectories(blocks.resolve("loop0"));
    Files.createSymbolicLink(sys.resolve("dev/block/254:0"), blocks.resolve("vda"));
    Files.createSymbolicLink(sys.resolve("dev/block/7:0"), blocks.resolve("loop0"));
    Files.write(proc.resolve("self/mountinfo"), List.of(ROOT_EXT4, SHM, DATA_WITH_SPACE));
  }

  @Test
  void anExt4WithoutAJournal_isNamed_withWhatToDo() throws Exception {
    assertThat(DataVolumeCheck.warning(Path.of("/home/me/conserver-data"), proc, sys))
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .contains("/home/me/conserver-data", "without a journal (vda)", "journaled"));
  }

  @Test
  void aJournaledExt4_orAnotherFileSystem_isFine() throws Exception {
    Files.createDirectories(proc.resolve("fs/jbd2/vda-8"));

    assertThat(DataVolumeCheck.warning(Path.of("/home/me/data"), proc, sys)).isEmpty();
    assertThat(DataVolumeCheck.warning(Path.of("/dev/shm/data"), proc, sys)).isEmpty();
  }

  @Test
  void theDeepestMountHoldingTheFolder_decides_escapesDecoded() throws Exception {
    Files.createDirectories(proc.resolve("fs/jbd2/vda-8"));

    assertThat(DataVolumeCheck.warning(Path.of("/srv/conserver data/t1"), proc, sys))
        .hasValueSatisfying(w -> assertThat(w).contains("(loop0)"));
    // A sibling whose name only starts like the mount point is not under it.
    assertThat(DataVolumeCheck.warning(Path.of("/srv/conserver datax"), proc, sys)).isEmpty();
  }

  @Test
  void unreadableOrOddInput_meansNoWarning() throws Exception {
    Files.write(proc.resolve("self/mountinfo"), List.of("garbage", "1 2 3"));
    assertThat(DataVolumeCheck.warning(Path.of("/home/me/data"), proc, sys)).isEmpty();

    Files.delete(proc.resolve("self/mountinfo"));
    assertThat(DataVolumeCheck.warning(Path.of("/home/me/data"), proc, sys)).isEmpty();
  }
}
