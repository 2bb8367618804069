package io.conserver.platform.lifecycle;

import io.conserver.platform.BucketLayout;
import io.conserver.platform.pipeline.PipelineDeclaration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What each pipeline's {@code retention_days} means per prefix, the same way Terraform turns it
 * into backstop bucket rules ({@code terraform/modules/pipeline}): a stage name is that stage's
 * copies ({@code vcons/<pipeline>/<stage>/}); {@code inbox}, {@code quarantine} and {@code exports}
 * are the pipeline's own prefixes; {@code media}, {@code receipts} and {@code meter} are
 * tenant-wide, and when several pipelines declare one the longest wins (expiring earlier than one
 * pipeline promised is worse than keeping longer). {@code ledger} is never expired: its records
 * hold hashes and references, no personal data, and they are the proof of what happened.
 */
public final class RetentionRules {
  static final Map<String, String> PIPELINE_KINDS =
      Map.of("inbox", "inbox/%s/", "quarantine", "quarantine/%s/", "exports", "exports/%s/");
  static final Map<String, String> TENANT_KINDS =
      Map.of("media", "media/", "receipts", "receipts/", "meter", "meter/");
  static final String LEDGER = "ledger";

  /** One prefix and its retention. */
  public record Rule(
      String kind, String pipeline, String prefix, int days, List<String> declaredBy) {
    public Rule {
      declaredBy = List.copyOf(declaredBy);
    }
  }

  private final Map<String, Rule> byPrefix;
  private final Map<String, PipelineDeclaration> pipelines;

  private RetentionRules(Map<String, Rule> byPrefix, Map<String, PipelineDeclaration> pipelines) {
    this.byPrefix = byPrefix;
    this.pipelines = pipelines;
  }

  public static RetentionRules of(Collection<PipelineDeclaration> declarations) {
    Map<String, Rule> rules = new TreeMap<>();
    Map<String, PipelineDeclaration> pipelines = new TreeMap<>();
    for (PipelineDeclaration pipeline : declarations) {
      pipelines.put(pipeline.name(), pipeline);
      pipeline
          .retentionDays()
          .forEach(
              (name, days) -> {
                String declared = pipeline.name() + ":" + name;
                if (TENANT_KINDS.containsKey(name)) {
                  rules.merge(
                      TENANT_KINDS.get(name),
                      new Rule(name, null, TENANT_KINDS.get(name), days, List.of(declared)),
                      RetentionRules::longest);
                } else if (PIPELINE_KINDS.containsKey(name)) {
                  String prefix = PIPELINE_KINDS.get(name).formatted(pipeline.name());
                  rules.put(
                      prefix, new Rule(name, pipeline.name(), prefix, days, List.of(declared)));
                } else if (pipeline.stage(name).isPresent()) {
                  String prefix = BucketLayout.stagePrefix(pipeline.name(), name);
                  rules.put(
                      prefix, new Rule("stage", pipeline.name(), prefix, days, List.of(declared)));
                }
                // "ledger" is accepted by the parser (Terraform may keep a backstop on it) but
                // never expired here.
              });
    }
    return new RetentionRules(rules, pipelines);
  }

  private static Rule longest(Rule a, Rule b) {
    List<String> declared = new ArrayList<>(a.declaredBy());
    declared.addAll(b.declaredBy());
    declared.sort(null);
    return new Rule(a.kind(), null, a.prefix(), Math.max(a.days(), b.days()), declared);
  }

  /** Every rule, in prefix order. */
  public List<Rule> all() {
    return List.copyOf(byPrefix.values());
  }

  public Optional<Rule> forPrefix(String prefix) {
    return Optional.ofNullable(byPrefix.get(prefix));
  }

  /** Retention of a stage's copies. */
  public Optional<Rule> forStage(String pipeline, String stage) {
    return forPrefix(BucketLayout.stagePrefix(pipeline, stage));
  }

  public Optional<Rule> forKind(String kind, String pipeline) {
    if (TENANT_KINDS.containsKey(kind)) {
      return forPrefix(TENANT_KINDS.get(kind));
    }
    return Optional.ofNullable(PIPELINE_KINDS.get(kind))
        .flatMap(p -> forPrefix(p.formatted(pipeline)));
  }

  /**
   * Retention of what a sink holds for a conversation exported by a stage: the pipeline's {@code
   * exports} when declared, else that of the stage that exported it (its copy and its export go
   * together), else none: kept.
   */
  public Optional<Rule> forSink(String pipeline, String stage) {
    return forKind("exports", pipeline).or(() -> forStage(pipeline, stage));
  }

  /** Whether any pipeline declares a retention for the ledger, which is never expired. */
  public boolean ledgerDeclared() {
    return pipelines.values().stream().anyMatch(p -> p.retentionDays().containsKey(LEDGER));
  }

  public Map<String, PipelineDeclaration> pipelines() {
    return pipelines;
  }
}
