package io.conserver.platform.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed, checked {@code terraform/pipelines/<name>.json}: the single source of wiring for the
 * local runtime and for Terraform. {@code lawfulBasisDefault} is null when the declaration names
 * none. {@code consentRevokedAction} is what a consent revocation of a party does to this
 * pipeline's data: {@code stop} (the default: later stages skip the party's conversations) or
 * {@code erase} (every conversation of the party is erased, through the erase engine).
 */
public record PipelineDeclaration(
    String name,
    String description,
    List<SourceDeclaration> sources,
    List<StageDeclaration> stages,
    Map<String, SinkDeclaration> sinks,
    Map<String, Integer> retentionDays,
    String lawfulBasisDefault,
    String consentRevokedAction) {
  public static final String REVOKED_STOP = "stop";
  public static final String REVOKED_ERASE = "erase";

  public PipelineDeclaration {
    consentRevokedAction = consentRevokedAction == null ? REVOKED_STOP : consentRevokedAction;
    sources = List.copyOf(sources);
    stages = List.copyOf(stages);
    sinks = Map.copyOf(sinks);
    retentionDays = Map.copyOf(retentionDays);
  }

  /** A declaration without {@code consent_revoked_action}: revocation stops processing. */
  public PipelineDeclaration(
      String name,
      String description,
      List<SourceDeclaration> sources,
      List<StageDeclaration> stages,
      Map<String, SinkDeclaration> sinks,
      Map<String, Integer> retentionDays,
      String lawfulBasisDefault) {
    this(
        name, description, sources, stages, sinks, retentionDays, lawfulBasisDefault, REVOKED_STOP);
  }

  public Optional<StageDeclaration> stage(String stageName) {
    return stages.stream().filter(s -> s.name().equals(stageName)).findFirst();
  }

  /** Position of a stage in the chain, or empty when the pipeline has no such stage. */
  public OptionalInt indexOf(String stageName) {
    for (int i = 0; i < stages.size(); i++) {
      if (stages.get(i).name().equals(stageName)) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }

  /** The stage before this one, or empty for the first stage (which reads the inbox). */
  public Optional<StageDeclaration> previous(String stageName) {
    int index =
        indexOf(stageName).orElseThrow(() -> new IllegalArgumentException("no stage " + stageName));
    return index == 0 ? Optional.empty() : Optional.of(stages.get(index - 1));
  }

  /** The stage after this one, or empty for the last stage. */
  public Optional<StageDeclaration> next(String stageName) {
    int index =
        indexOf(stageName).orElseThrow(() -> new IllegalArgumentException("no stage " + stageName));
    return index + 1 < stages.size() ? Optional.of(stages.get(index + 1)) : Optional.empty();
  }
}
