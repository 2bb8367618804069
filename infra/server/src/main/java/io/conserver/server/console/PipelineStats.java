package io.conserver.server.console;

import io.conserver.platform.BucketLayout;
import io.conserver.platform.lifecycle.RetentionRules;
import io.conserver.platform.metering.MeterRecord;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.StageDeclaration;
import io.conserver.platform.storage.BlobStore;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Each pipeline as its chain of stages with counts: in (runs metered plus items quarantined), out
 * (copies stored under the stage's prefix), quarantined, and the 95th percentile of the metered run
 * times; and the retention rules that apply to it.
 */
final class PipelineStats {
  @TemplateData
  record Stage(
      String name,
      String function,
      long in,
      long out,
      long quarantined,
      String p95,
      String purpose) {}

  @TemplateData
  record Retention(String kind, String prefix, int days) {}

  @TemplateData
  record Pipeline(
      String name, String description, long inbox, List<Stage> stages, List<Retention> retention) {}

  private PipelineStats() {}

  static List<Pipeline> of(
      BlobStore store, Map<String, PipelineDeclaration> pipelines, List<MeterRecord> meter) {
    Map<String, List<Long>> millis = new HashMap<>();
    for (MeterRecord r : meter) {
      millis
          .computeIfAbsent(r.pipeline() + "/" + r.stage(), k -> new ArrayList<>())
          .add(r.durationMillis());
    }
    RetentionRules rules = RetentionRules.of(pipelines.values());
    List<Pipeline> views = new ArrayList<>();
    for (PipelineDeclaration pipeline : pipelines.values()) {
      List<Stage> stages = new ArrayList<>();
      for (StageDeclaration stage : pipeline.stages()) {
        List<Long> runs = millis.getOrDefault(pipeline.name() + "/" + stage.name(), List.of());
        long quarantined =
            store.list(BucketLayout.quarantinePrefix(pipeline.name()) + stage.name() + "/").size();
        stages.add(
            new Stage(
                stage.name(),
                stage.function(),
                runs.size() + quarantined,
                store.list(BucketLayout.stagePrefix(pipeline.name(), stage.name())).size(),
                quarantined,
                p95(runs),
                stage.purpose().orElse("")));
      }
      List<Retention> retention =
          rules.all().stream()
              .filter(r -> r.pipeline() == null || Objects.equals(r.pipeline(), pipeline.name()))
              .map(r -> new Retention(r.kind(), r.prefix(), r.days()))
              .toList();
      views.add(
          new Pipeline(
              pipeline.name(),
              pipeline.description(),
              store.list(BucketLayout.inboxPrefix(pipeline.name())).size(),
              stages,
              retention));
    }
    return views;
  }

  /** Nearest-rank 95th percentile, as "1.23 s"; "–" without runs. */
  static String p95(List<Long> millis) {
    if (millis.isEmpty()) {
      return "–";
    }
    List<Long> sorted = millis.stream().sorted().toList();
    int rank = (int) Math.ceil(0.95 * sorted.size());
    return String.format(java.util.Locale.ROOT, "%.2f s", sorted.get(rank - 1) / 1000.0);
  }
}
