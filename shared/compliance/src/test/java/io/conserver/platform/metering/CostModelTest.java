package io.conserver.platform.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostModelTest {
  private static final PipelineDeclaration PIPELINE =
      PipelineParser.parse(
          """
          {"name": "calls",
           "stages": [
             {"name": "ingest", "function": "ingest", "memory_mb": 1024},
             {"name": "transcribe", "function": "transcribe", "memory_mb": 2048,
              "options": {"engine": "aws-transcribe"}}],
           "retention_days": {"inbox": 30, "ingest": 60, "transcribe": 90}}
          """
              .getBytes(StandardCharsets.UTF_8),
          "calls.json");

  /** Round numbers, so every expected figure below can be checked by hand. */
  private static final PriceTable PRICES =
      new PriceTable(
          "test",
          "nowhere",
          "2026-11",
          0.5,
          0.25,
          2,
          1_000_000,
          1000,
          100,
          10,
          2_000_000,
          3,
          6,
          4,
          Map.of("aws-transcribe", 0.6));

  private static MeterRecord run(
      String stage, int calls, long bytesIn, long bytesOut, double audio, long ms) {
    return new MeterRecord(
        "calls",
        stage,
        "c1",
        calls,
        bytesIn,
        bytesOut,
        audio,
        ms,
        Instant.parse("2026-11-26T10:00:00Z"));
  }

  @Test
  void everyComponent_followsTheDeclaredMemoryRetentionAndEngine() {
    CostModel.Estimate estimate =
        new CostModel(PRICES)
            .estimate(
                List.of(
                    run("ingest", 1, 3_000_000_000L, 1_000_000_000L, 0, 2000),
                    run("transcribe", 0, 1_000_000_000L, 2_000_000_000L, 120, 1000)),
                Map.of("calls", PIPELINE));

    assertThat(estimate.calls()).isEqualTo(1);
    assertThat(estimate.runs()).isEqualTo(2);
    // ingest: 1 GB × 2 s × (0.5 + 2 vCPU/GB × 0.25) = 2; transcribe: 2 GB × 1 s × 1 = 2.
    assertThat(estimate.dollars().get("compute")).isCloseTo(4.0, within(1e-9));
    assertThat(estimate.dollars().get("invocations")).isCloseTo(2.0, within(1e-9));
    // Per run: 6 × 1000/1000 + 4 × 100/1000 = 6.4.
    assertThat(estimate.dollars().get("storage requests")).isCloseTo(12.8, within(1e-9));
    assertThat(estimate.dollars().get("queue")).isCloseTo(12.0, within(1e-9));
    // ingest output 1 GB × 60/30 + its drop 3 GB × 30/30 = 5; transcribe output 2 GB × 90/30 = 6.
    assertThat(estimate.dollars().get("storage")).isCloseTo(110.0, within(1e-9));
    // 2 audio minutes on aws-transcribe at 0.6.
    assertThat(estimate.dollars().get("speech")).isCloseTo(1.2, within(1e-9));
    assertThat(estimate.total()).isCloseTo(4 + 2 + 12.8 + 12 + 110 + 1.2, within(1e-9));
    assertThat(estimate.perThousandCalls()).isCloseTo(estimate.total() * 1000, within(1e-6));
  }

  @Test
  void offlineEngines_costNoSpeechMinutes_andNoCallsMeansNoPerCallFigure() {
    CostModel.Estimate estimate =
        new CostModel(PRICES).estimate(List.of(run("transcribe", 0, 0, 0, 600, 1)), Map.of());

    assertThat(estimate.dollars().get("speech")).isZero();
    assertThat(estimate.perThousandCalls()).isZero();
  }

  @Test
  void shippedTables_coverBothClouds_withPositivePrices() {
    Map<String, PriceTable> shipped = PriceTable.shipped();

    assertThat(shipped).containsOnlyKeys("aws", "gcp");
    for (PriceTable table : shipped.values()) {
      assertThat(table.asOf()).matches("\\d{4}-\\d{2}");
      assertThat(table.perMillionInvocations()).isPositive();
      assertThat(table.storagePerGbMonth()).isPositive();
      assertThat(table.storageClassAPerRun()).isPositive();
    }
    assertThat(shipped.get("aws").asrPerMinute("aws-transcribe")).isPresent();
    assertThat(shipped.get("gcp").asrPerMinute("google-stt")).isPresent();
    assertThat(shipped.get("aws").asrPerMinute("pocketsphinx")).isEmpty();
  }
}
