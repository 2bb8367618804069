package io.conserver.platform.runner;

import io.conserver.vcon.Vcon;
import java.util.List;
import java.util.Optional;

/**
 * The output of one stage run: the vCon to store under the stage's prefix, warnings for the ledger
 * (codes and pointers, never personal data) and usage. A skipped run passes its input through
 * unchanged, so the chain goes on, and the ledger records why it was skipped. A {@link #stopped}
 * run ends the chain for this conversation (a route stage dropped it or handed it to another
 * pipeline): nothing is written, the ledger records why. The output is null only for {@link
 * #nothing}.
 */
public record StageResult(
    Vcon output,
    List<String> warnings,
    Usage usage,
    Optional<String> skippedBecause,
    boolean stopsChain) {
  public StageResult {
    warnings = List.copyOf(warnings);
  }

  public StageResult(
      Vcon output, List<String> warnings, Usage usage, Optional<String> skippedBecause) {
    this(output, warnings, usage, skippedBecause, false);
  }

  /**
   * The chain stops here for this conversation: no output is written (so no later stage runs), and
   * the ledger records the reason and warnings against the input vCon's id.
   */
  public static StageResult stopped(Vcon input, String reason, List<String> warnings) {
    return new StageResult(input, warnings, Usage.NONE, Optional.of(reason), true);
  }

  public static StageResult of(Vcon output) {
    return new StageResult(output, List.of(), Usage.NONE, Optional.empty());
  }

  public static StageResult of(Vcon output, List<String> warnings, Usage usage) {
    return new StageResult(output, warnings, usage, Optional.empty());
  }

  public static StageResult skipped(Vcon unchanged, String reason) {
    return new StageResult(unchanged, List.of(), Usage.NONE, Optional.of(reason));
  }

  /**
   * Nothing to write for this input: it is read as part of another one (a sidecar is read with its
   * recording). The runner acknowledges it and records nothing.
   */
  public static StageResult nothing(String reason) {
    return new StageResult(null, List.of(), Usage.NONE, Optional.of(reason));
  }

  /** Whether this is {@link #nothing}: no output at all. */
  public boolean nothing() {
    return output == null;
  }
}
