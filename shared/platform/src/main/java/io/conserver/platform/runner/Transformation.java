package io.conserver.platform.runner;

/**
 * A stage's pure work: from one input object to one output vCon. It does no storage I/O of its own
 * beyond what {@link StageInput} offers, so it is unit-tested with plain JUnit and runs the same
 * locally and in every cloud.
 *
 * <p>Throw {@link InvalidInputException} for input that can never succeed and {@link
 * StageMisconfiguredException} when the stage's configuration is at fault (both are quarantined at
 * once); any other exception is treated as transient and retried up to the stage's bound.
 */
public interface Transformation {
  /** The function name a pipeline declaration uses ({@code "function": "ingest"}). */
  String function();

  /** Version recorded in the ledger with every output. */
  default String version() {
    String version = getClass().getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  StageResult apply(StageInput input) throws Exception;

  /**
   * Whether, once this stage's output is written, the earlier stage copies of the conversation in
   * the pipeline are to be deleted (a redact stage whose declaration drops the original). The
   * runner deletes them and records it in the ledger; on a redelivery it finishes the job.
   */
  default boolean dropsEarlierCopies(io.conserver.platform.pipeline.StageDeclaration stage) {
    return false;
  }
}
