package io.conserver.platform.pipeline;

import java.util.List;

/** A pipeline declaration that cannot be used; lists every problem with its JSON pointer. */
public final class PipelineDeclarationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public PipelineDeclarationException(String source, List<String> problems) {
    super(source + ": invalid pipeline declaration:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem as {@code <json-pointer>: <message>}. */
  public List<String> problems() {
    return problems;
  }
}
