package io.conserver.platform.funqy;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.vcon.VconUuid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logic of the SnapStart hooks, called as the runtime calls them (a checkpoint and a restore
 * cannot be taken here: this JVM has no CRaC, and SnapStart runs only on Lambda).
 */
class SnapshotHooksTest {
  private static final String PIPELINE =
      "{\"name\":\"default\",\"stages\":[{\"name\":\"ingest\",\"function\":\"echo\"}]}";

  @TempDir Path root;

  private StageFunctions functions(String pipeline) {
    Map<String, String> config =
        Map.of(
            "conserver.tenant", "acme",
            "conserver.bucket", "acme-bucket",
            "conserver.store", "file",
            "conserver.file.root", root.toString(),
            "conserver.pipeline-json", pipeline);
    return new StageFunctions(
        new FunctionSettings(name -> Optional.ofNullable(config.get(name))), Clock.systemUTC());
  }

  @Test
  void beforeCheckpoint_buildsTheExportedFunctionsTrigger_withoutTouchingTheStore()
      throws IOException {
    StageFunctions functions = functions(PIPELINE);
    SnapshotHooks hooks = new SnapshotHooks(functions, Optional.of("echo"));

    hooks.beforeCheckpoint(null);

    assertThat(functions.built("echo")).isTrue();
    try (Stream<Path> files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void beforeCheckpoint_withAMisconfiguredDeployment_stillLetsTheSnapshotBeTaken() {
    StageFunctions functions = functions(PIPELINE);
    SnapshotHooks hooks = new SnapshotHooks(functions, Optional.of("no-such-function"));

    hooks.beforeCheckpoint(null); // logged, not thrown

    assertThat(functions.built("no-such-function")).isFalse();
  }

  @Test
  void afterRestore_startsANewIdSequence() {
    Instant later = Instant.parse("2100-01-01T00:00:00Z");
    Clock fixed = Clock.fixed(later, ZoneOffset.UTC);
    for (int i = 0; i < 4097; i++) { // the snapshot's sequence has borrowed a millisecond
      VconUuid.generate("conserver.example", fixed);
    }

    new SnapshotHooks(functions(PIPELINE), Optional.empty()).afterRestore(null);

    UUID restored = VconUuid.generate("conserver.example", fixed);
    assertThat(restored.getMostSignificantBits() >>> 16).isEqualTo(later.toEpochMilli());
    VconUuid.reseed();
  }

  @Test
  void function_isTheTransformationBehindAnExport() {
    assertThat(SnapshotHooks.function("ingest")).isEqualTo("ingest");
    assertThat(SnapshotHooks.function("ingest-cloudevent")).isEqualTo("ingest");
  }
}
