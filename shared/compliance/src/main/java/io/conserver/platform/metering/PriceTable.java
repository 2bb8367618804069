package io.conserver.platform.metering;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One cloud's list prices and the per-run assumptions the cost model needs, read from {@code
 * prices.json} (shipped with the platform, dated, with the pages they come from). Prices change:
 * the file says when it was read, and a deployment can pass its own.
 */
public record PriceTable(
    String cloud,
    String region,
    String asOf,
    double computePerGbSecond,
    double computePerVcpuSecond,
    double vcpuPerGb,
    double perMillionInvocations,
    double storageClassAPerThousand,
    double storageClassBPerThousand,
    double storagePerGbMonth,
    double queuePerMillionRequests,
    int queueRequestsPerRun,
    int storageClassAPerRun,
    int storageClassBPerRun,
    Map<String, Double> asrPerMinute) {

  /** The shipped tables, by cloud name ({@code aws}, {@code gcp}). */
  public static Map<String, PriceTable> shipped() {
    try (InputStream in = PriceTable.class.getResourceAsStream("prices.json")) {
      if (in == null) {
        throw new IllegalStateException("prices.json is missing from the platform jar");
      }
      return parse(VconJson.codec().read(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, PriceTable> parse(JsonNode root) {
    Map<String, PriceTable> tables = new LinkedHashMap<>();
    root.path("clouds")
        .fields()
        .forEachRemaining(
            entry -> {
              JsonNode t = entry.getValue();
              Map<String, Double> asr = new LinkedHashMap<>();
              t.path("asr_per_minute")
                  .fields()
                  .forEachRemaining(a -> asr.put(a.getKey(), a.getValue().asDouble()));
              tables.put(
                  entry.getKey(),
                  new PriceTable(
                      entry.getKey(),
                      t.path("region").asText(),
                      root.path("as_of").asText(),
                      t.path("compute_per_gb_second").asDouble(),
                      t.path("compute_per_vcpu_second").asDouble(),
                      t.path("vcpu_per_gb").asDouble(),
                      t.path("per_million_invocations").asDouble(),
                      t.path("storage_class_a_per_thousand").asDouble(),
                      t.path("storage_class_b_per_thousand").asDouble(),
                      t.path("storage_per_gb_month").asDouble(),
                      t.path("queue_per_million_requests").asDouble(),
                      root.path("assumptions")
                          .path("queue_requests_per_run")
                          .path(entry.getKey())
                          .asInt(),
                      root.path("assumptions").path("storage_class_a_per_run").asInt(),
                      root.path("assumptions").path("storage_class_b_per_run").asInt(),
                      Map.copyOf(asr)));
            });
    return tables;
  }

  /** Per-minute price of a speech engine; empty for engines that run in the function. */
  public Optional<Double> asrPerMinute(String engine) {
    return Optional.ofNullable(asrPerMinute.get(engine));
  }
}
