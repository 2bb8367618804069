package io.conserver.platform.metering;

import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.StageDeclaration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the metered stage runs would have cost on one cloud at list prices: compute (memory × billed
 * duration, plus vCPU time where the cloud bills it apart), invocations, object-store requests,
 * queue requests, storage for the declared retention, and cloud speech-to-text minutes. An estimate
 * from the metering records, never an invoice: the per-run request counts are assumptions written
 * in the price table, free tiers are ignored, and translation characters and the sinks' own
 * services are not metered.
 */
public final class CostModel {
  private static final double DAYS_PER_MONTH = 30;
  private static final double BYTES_PER_GB = 1e9;

  /** Dollars per component, the calls and stage runs they cover. */
  public record Estimate(String cloud, long calls, long runs, Map<String, Double> dollars) {
    public double total() {
      return dollars.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Total per 1,000 calls (conversations through a pipeline); 0 when nothing was called. */
    public double perThousandCalls() {
      return calls == 0 ? 0 : total() / calls * 1000;
    }
  }

  private final PriceTable prices;

  public CostModel(PriceTable prices) {
    this.prices = prices;
  }

  public Estimate estimate(List<MeterRecord> records, Map<String, PipelineDeclaration> pipelines) {
    Map<String, Double> dollars = new LinkedHashMap<>();
    for (String component :
        List.of("compute", "invocations", "storage requests", "queue", "storage", "speech")) {
      dollars.put(component, 0.0);
    }
    long calls = 0;
    for (MeterRecord run : records) {
      calls += run.calls();
      PipelineDeclaration pipeline = pipelines.get(run.pipeline());
      StageDeclaration stage = pipeline == null ? null : pipeline.stage(run.stage()).orElse(null);
      double gb = (stage == null ? StageDeclaration.DEFAULT_MEMORY_MB : stage.memoryMb()) / 1024.0;
      double seconds = Math.max(run.durationMillis(), 1) / 1000.0; // billed per ms, at least 1
      add(
          dollars,
          "compute",
          gb * seconds * prices.computePerGbSecond()
              + gb * prices.vcpuPerGb() * seconds * prices.computePerVcpuSecond());
      add(dollars, "invocations", prices.perMillionInvocations() / 1e6);
      add(
          dollars,
          "storage requests",
          prices.storageClassAPerRun() * prices.storageClassAPerThousand() / 1000
              + prices.storageClassBPerRun() * prices.storageClassBPerThousand() / 1000);
      add(dollars, "queue", prices.queueRequestsPerRun() * prices.queuePerMillionRequests() / 1e6);
      add(dollars, "storage", storedGbMonths(run, pipeline) * prices.storagePerGbMonth());
      if (stage != null && run.audioSeconds() > 0) {
        String engine = stage.options().path("engine").asText("");
        double perMinute = prices.asrPerMinute(engine).orElse(0.0);
        add(dollars, "speech", run.audioSeconds() / 60 * perMinute);
      }
    }
    return new Estimate(prices.cloud(), calls, records.size(), Map.copyOf(dollars));
  }

  /**
   * GB-months a run leaves behind: its output for its stage's retention, and at a pipeline's first
   * stage the drop itself for the inbox's retention. The content-addressed media copy of a
   * recording is not metered apart, so it is not counted (one more copy of the drop's bytes for the
   * media retention: add it by hand for audio-heavy tenants).
   */
  private static double storedGbMonths(MeterRecord run, PipelineDeclaration pipeline) {
    if (pipeline == null) {
      return 0;
    }
    Map<String, Integer> days = pipeline.retentionDays();
    double gbMonths =
        run.bytesOut() / BYTES_PER_GB * days.getOrDefault(run.stage(), 0) / DAYS_PER_MONTH;
    if (run.calls() > 0) {
      gbMonths += run.bytesIn() / BYTES_PER_GB * days.getOrDefault("inbox", 0) / DAYS_PER_MONTH;
    }
    return gbMonths;
  }

  private static void add(Map<String, Double> dollars, String component, double amount) {
    dollars.merge(component, amount, Double::sum);
  }
}
