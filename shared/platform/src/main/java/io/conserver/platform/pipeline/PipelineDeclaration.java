package io.conserver.platform.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed, checked {@code terraform/pipelines/<name>.json}: the single source of wiring for the
 * local runtime and for Terraform. {@code lawfulBasisDefault} is null when the declaration names
 * none.
 */
public record PipelineDeclaration(
    String name,
    String description,
    List<SourceDeclaration> sources,
    List<StageDeclaration> stages,
    Map<String, SinkDeclaration> sinks,
    Map<String, Integer> retentionDays,
    String lawfulBasisDefault) {
  public PipelineDeclaration {
    sources = List.copyOf(sources);
    stages = List.copyOf(stages);
    sinks = Map.copyOf(sinks);
    retentionDays = Map.copyOf(retentionDays);
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
