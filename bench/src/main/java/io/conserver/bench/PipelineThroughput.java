package io.conserver.bench;

import io.conserver.local.runtime.Functions;
import io.conserver.local.runtime.LocalRuntime;
import io.conserver.local.runtime.LocalTenant;
import io.conserver.platform.metering.MeterReader;
import io.conserver.platform.metering.MeterRecord;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.storage.PutOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * End-to-end throughput of the local runtime: {@code count} chat vCons dropped into the inbox of a
 * fresh tenant, then every stage of the pipeline run to completion (as {@code conserver run --once}
 * does). Prints vCons per second over the whole run and, per stage, the p50/p95 of the stage-run
 * durations the runner metered. Never in CI.
 *
 * <p>Usage: {@code PipelineThroughput PIPELINE_JSON [COUNT]} (default 1,000).
 */
public final class PipelineThroughput {
  private PipelineThroughput() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: PipelineThroughput PIPELINE_JSON [COUNT]");
      System.exit(2);
    }
    PipelineDeclaration pipeline = PipelineParser.parse(Path.of(args[0]));
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    Path data = Files.createTempDirectory("conserver-throughput-");
    LocalTenant tenant = new LocalTenant(data, "bench");
    for (int i = 0; i < count; i++) {
      tenant
          .store()
          .putBytes(
              "inbox/" + pipeline.name() + "/chat-" + i + ".json",
              HttpIngestLoad.vcon().getBytes(StandardCharsets.UTF_8),
              PutOptions.JSON);
    }
    long start = System.nanoTime();
    try (LocalRuntime runtime =
        new LocalRuntime(
            tenant,
            Map.of(pipeline.name(), pipeline),
            Functions.available(),
            Clock.systemUTC(),
            (p, s, e, o) -> {})) {
      runtime.resume();
      runtime.awaitIdle();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    List<MeterRecord> runs = new MeterReader(tenant.store()).read(today.minusDays(1), today);
    int done =
        tenant
            .store()
            .list(
                "vcons/"
                    + pipeline.name()
                    + "/"
                    + pipeline.stages().get(pipeline.stages().size() - 1).name()
                    + "/")
            .size();
    System.out.printf(
        "%d chat vCons through %s (%d stages): %d done in %.2f s = %.1f vCons/s (%d cores)%n",
        count,
        pipeline.name(),
        pipeline.stages().size(),
        done,
        seconds,
        done / seconds,
        Runtime.getRuntime().availableProcessors());
    Map<String, List<MeterRecord>> byStage =
        runs.stream().collect(Collectors.groupingBy(MeterRecord::stage));
    System.out.printf("%-12s %7s %9s %9s%n", "stage", "runs", "p50 ms", "p95 ms");
    for (var stage : pipeline.stages()) {
      List<MeterRecord> stageRuns = byStage.getOrDefault(stage.name(), List.of());
      Latencies latencies =
          new Latencies(
              stageRuns.stream().mapToLong(r -> r.durationMillis() * 1_000_000L).toArray());
      System.out.printf(
          "%-12s %7d %9.0f %9.0f%n",
          stage.name(), latencies.count(), latencies.millis(50), latencies.millis(95));
    }
  }
}
