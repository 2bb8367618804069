package io.conserver.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.functions.ingest.IngestTransformation;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.Vcon;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRuntimeTest {
  @TempDir Path data;

  private final AtomicInteger tagFailuresLeft = new AtomicInteger();

  /** A second stage for chaining tests: tags the vCon, optionally failing a few times first. */
  private final Transformation tag =
      new Transformation() {
        @Override
        public String function() {
          return "tag";
        }

        @Override
        public StageResult apply(StageInput input) throws Exception {
          if (tagFailuresLeft.getAndDecrement() > 0) {
            throw new IOException("transient");
          }
          Vcon vcon = input.vcon();
          return StageResult.of(vcon.toBuilder().set("x_tagged", "yes").build());
        }
      };

  private static PipelineDeclaration pipeline(String json) {
    return PipelineParser.parse(json.getBytes(StandardCharsets.UTF_8), "test");
  }

  private static final PipelineDeclaration SALES =
      pipeline(
          "{\"name\":\"sales\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\"},"
              + "{\"name\":\"tag\",\"function\":\"tag\",\"max_receive_count\":4}],"
              // Without a basis every stage after ingest would pass the vCon through as skipped.
              + "\"lawful_basis_default\":\"contract\"}");
  private static final PipelineDeclaration SUPPORT =
      pipeline("{\"name\":\"support\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\"}]}");

  private LocalRuntime runtime(Map<String, PipelineDeclaration> pipelines) {
    return new LocalRuntime(
        new LocalTenant(data, "acme"),
        pipelines,
        Map.of("ingest", new IngestTransformation(), "tag", tag),
        Clock.systemUTC(),
        (p, s, e, o) -> {});
  }

  private static byte[] vcon(String uuidTail, String subject) {
    return ("{\"uuid\":\"019f15a6-a752-826f-b9a2-279e0d16"
            + uuidTail
            + "\",\"created_at\":\"2026-11-26T09:00:00Z\",\"subject\":\""
            + subject
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static int count(BlobStore store, String prefix) {
    return store.list(prefix).size();
  }

  @Test
  void aDrop_chainsThroughEveryStage_byObjectWritesAlone() throws Exception {
    try (LocalRuntime runtime = runtime(Map.of("sales", SALES))) {
      runtime.store().putBytes("inbox/sales/a.json", vcon("bc01", "a"), PutOptions.JSON);
      runtime.awaitIdle();

      assertThat(count(runtime.store(), "vcons/sales/ingest/")).isEqualTo(1);
      assertThat(count(runtime.store(), "vcons/sales/tag/")).isEqualTo(1);
      Vcon tagged =
          Vcon.parse(
              runtime
                  .store()
                  .getBytes(runtime.store().list("vcons/sales/tag/").get(0).key(), 10_000));
      assertThat(tagged.text("x_tagged")).contains("yes");
      assertThat(new Ledger(runtime.store()).records(tagged.uuid())).hasSize(2);
      assertThat(runtime.store().list("index/party/")).isEmpty(); // this vCon names no party
      assertThat(runtime.stats())
          .extracting(StageStats::stage, StageStats::out)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("ingest", 1),
              org.assertj.core.groups.Tuple.tuple("tag", 1));
    }
  }

  @Test
  void twoPipelines_runSideBySide_eachOnItsOwnInbox() throws Exception {
    try (LocalRuntime runtime = runtime(Map.of("sales", SALES, "support", SUPPORT))) {
      runtime.store().putBytes("inbox/sales/a.json", vcon("bc01", "a"), PutOptions.JSON);
      runtime.store().putBytes("inbox/support/b.json", vcon("bc02", "b"), PutOptions.JSON);
      runtime.store().putBytes("inbox/support/c.json", vcon("bc03", "c"), PutOptions.JSON);
      runtime.awaitIdle();

      assertThat(count(runtime.store(), "vcons/sales/ingest/")).isEqualTo(1);
      assertThat(count(runtime.store(), "vcons/support/ingest/")).isEqualTo(2);
      assertThat(count(runtime.store(), "vcons/support/tag/")).isZero();
    }
  }

  @Test
  void transientFailures_areRetriedWithBackoff_untilTheStageSucceeds() throws Exception {
    tagFailuresLeft.set(2);
    try (LocalRuntime runtime = runtime(Map.of("sales", SALES))) {
      runtime.store().putBytes("inbox/sales/a.json", vcon("bc01", "a"), PutOptions.JSON);
      runtime.awaitIdle();

      assertThat(count(runtime.store(), "vcons/sales/tag/")).isEqualTo(1);
      StageStats tagStats = runtime.stats().get(1);
      assertThat(tagStats.count(StageOutcome.WRITTEN)).isEqualTo(1);
      assertThat(count(runtime.store(), "quarantine/")).isZero();
    }
  }

  @Test
  void dropsWrittenWhileTheRuntimeWasDown_areFoundOnResume_andNotTwice() throws Exception {
    BlobStore plain = new LocalTenant(data, "acme").store(); // writes that emit no event
    plain.putBytes("inbox/sales/a.json", vcon("bc01", "a"), PutOptions.JSON);
    plain.putBytes("inbox/sales/b.json", vcon("bc02", "b"), PutOptions.JSON);

    try (LocalRuntime runtime = runtime(Map.of("sales", SALES))) {
      // The two drops, plus any ingest output the scan already sees (it runs while it scans).
      assertThat(runtime.resume()).isGreaterThanOrEqualTo(2);
      runtime.awaitIdle();
      assertThat(count(runtime.store(), "vcons/sales/tag/")).isEqualTo(2);
    }
    try (LocalRuntime again = runtime(Map.of("sales", SALES))) {
      assertThat(again.resume()).isZero();
    }
  }

  @Test
  void crashAfterTheOutputButBeforeTheHandledMark_replaysWithoutDuplicates() throws Exception {
    try (LocalRuntime runtime = runtime(Map.of("sales", SALES))) {
      runtime.store().putBytes("inbox/sales/a.json", vcon("bc01", "a"), PutOptions.JSON);
      runtime.awaitIdle();
    }
    try (Stream<Path> markers =
        Files.walk(data.resolve("acme/.runtime/handled")).filter(Files::isRegularFile)) {
      for (Path marker : markers.toList()) {
        Files.delete(marker); // as if the process died before recording any outcome
      }
    }

    try (LocalRuntime restarted = runtime(Map.of("sales", SALES))) {
      assertThat(restarted.resume()).isEqualTo(2); // the drop and the ingest output
      restarted.awaitIdle();

      assertThat(restarted.stats())
          .allSatisfy(s -> assertThat(s.count(StageOutcome.DUPLICATE)).isEqualTo(1));
      assertThat(count(restarted.store(), "vcons/sales/")).isEqualTo(2);
      String id = "019f15a6-a752-826f-b9a2-279e0d16bc01";
      assertThat(new Ledger(restarted.store()).records(id)).hasSize(2);
    }
  }

  @Test
  void aPipelineNeedingAFunctionThisBuildLacks_isRefusedClearly() {
    PipelineDeclaration needsAsr =
        pipeline(
            "{\"name\":\"calls\",\"stages\":[{\"name\":\"analyze\",\"function\":\"analyze\"}]}");

    assertThatThrownBy(() -> runtime(Map.of("calls", needsAsr)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs function 'analyze', which this build does not include");
  }

  @Test
  void functionsOfThisBuild_areFoundByName() {
    assertThat(Functions.available()).containsKey("ingest");
    assertThat(List.copyOf(Functions.available().keySet())).doesNotContain("tag");
  }

  @Test
  void pickUp_queuesAnObjectWrittenBehindItsBack_once_andOnlyForItsStage() throws Exception {
    try (LocalRuntime runtime =
        new LocalRuntime(
            new LocalTenant(data, "acme"),
            Map.of("sales", SALES),
            Map.of("ingest", new IngestTransformation(), "tag", tag),
            Clock.systemUTC(),
            (p, s, e, o) -> {},
            new LocalRuntime.StageThreads(1, 0, 0))) {
      assertThat(runtime.inputPrefixes()).containsExactly("inbox/sales/", "vcons/sales/ingest/");
      // Another process writes the bucket folder directly: no event reaches this runtime.
      BlobStore elsewhere = new LocalTenant(data, "acme").store();
      elsewhere.putBytes("inbox/sales/drop.json", vcon("0a01", "behind"), PutOptions.JSON);

      assertThat(runtime.pickUp("inbox/sales/drop.json")).isTrue();
      runtime.awaitIdle();
      assertThat(runtime.pending()).isZero();
      assertThat(runtime.stats().get(1).out()).isEqualTo(1); // chained on to the tag stage

      assertThat(runtime.pickUp("inbox/sales/drop.json")).isFalse(); // handled already
      assertThat(runtime.pickUp("inbox/sales/missing.json")).isFalse();
      assertThat(runtime.pickUp("ledger/x/00000001.json")).isFalse(); // no stage reads it
    }
  }

  @Test
  void stageThreads_needAtLeastOneThread_andABoundOfZeroOrMore() {
    assertThatThrownBy(() -> new LocalRuntime.StageThreads(0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LocalRuntime.StageThreads(1, 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A runtime whose stages keep at most {@code maxQueued} events in memory, one thread each. */
  private LocalRuntime bounded(int maxQueued, Transformation ingest) {
    return new LocalRuntime(
        new LocalTenant(data, "acme"),
        Map.of("sales", SALES),
        Map.of("ingest", ingest, "tag", tag),
        Clock.systemUTC(),
        (p, s, e, o) -> {},
        new LocalRuntime.StageThreads(1, 0, maxQueued));
  }

  @Test
  void aBacklogBeyondTheMemoryBound_waitsOnDisk_andEveryDropIsProcessedOnce() throws Exception {
    // The ingest stage is held until all drops are in, so most of them must spill.
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    IngestTransformation ingest = new IngestTransformation();
    Transformation held =
        new Transformation() {
          @Override
          public String function() {
            return "ingest";
          }

          @Override
          public StageResult apply(StageInput input) throws Exception {
            release.await();
            return ingest.apply(input);
          }
        };
    int drops = 40;
    try (LocalRuntime runtime = bounded(3, held)) {
      for (int i = 0; i < drops; i++) {
        String tail = String.format("%04x", 0xa000 + i);
        runtime
            .store()
            .putBytes("inbox/sales/" + tail + ".json", vcon(tail, tail), PutOptions.JSON);
      }
      // Every drop counts as pending, in memory or not. A resume listing while events wait on
      // disk would find them all again: it skips that stage, and nothing is counted twice.
      assertThat(runtime.pending()).isEqualTo(drops);
      assertThat(spillFiles())
          .singleElement()
          .satisfies(f -> assertThat(Files.size(f)).isPositive());
      assertThat(runtime.resume()).isZero();
      assertThat(runtime.pending()).isEqualTo(drops);
      // A second delivery of a spilled drop (another process's write seen by the watcher) is
      // counted, and dropped when its turn comes.
      String last = String.format("%04x", 0xa000 + drops - 1);
      assertThat(runtime.pickUp("inbox/sales/" + last + ".json")).isTrue();
      assertThat(runtime.pending()).isEqualTo(drops + 1);

      release.countDown();
      runtime.awaitIdle();

      assertThat(runtime.pending()).isZero();
      assertThat(count(runtime.store(), "vcons/sales/ingest/")).isEqualTo(drops);
      assertThat(count(runtime.store(), "vcons/sales/tag/")).isEqualTo(drops);
      assertThat(runtime.stats().get(0).out()).as("each drop ingested once").isEqualTo(drops);
      assertThat(count(runtime.store(), "quarantine/")).isZero();
    }
    assertThat(spillFiles()).as("the overflow file goes with its runtime").isEmpty();
  }

  @Test
  void anOverflowFileLeftByAKilledProcess_isRemoved_itsDropsFoundByResume() throws Exception {
    Path folder = new LocalTenant(data, "acme").runtimeFolder().resolve("spill");
    Files.createDirectories(folder);
    Path abandoned = Files.write(folder.resolve("sales.ingest-1.spill"), new byte[] {1, 2, 3});
    new LocalTenant(data, "acme")
        .store()
        .putBytes("inbox/sales/left.json", vcon("0b01", "left"), PutOptions.JSON);

    try (LocalRuntime runtime = bounded(3, new IngestTransformation())) {
      assertThat(abandoned).doesNotExist();
      assertThat(runtime.resume()).isEqualTo(1);
      runtime.awaitIdle();
      assertThat(count(runtime.store(), "vcons/sales/tag/")).isEqualTo(1);
    }
  }

  private List<Path> spillFiles() throws IOException {
    Path folder = new LocalTenant(data, "acme").runtimeFolder().resolve("spill");
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".spill")).toList();
    }
  }
}
