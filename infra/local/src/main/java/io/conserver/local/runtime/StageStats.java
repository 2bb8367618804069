package io.conserver.local.runtime;

import io.conserver.platform.runner.StageOutcome;
import java.util.EnumMap;
import java.util.Map;

/** Counters of one stage during a run: what came in, what came out, how long it took. */
public final class StageStats {
  private final String pipeline;
  private final String stage;
  private final Map<StageOutcome, Integer> outcomes = new EnumMap<>(StageOutcome.class);
  private long busyNanos;

  StageStats(String pipeline, String stage) {
    this.pipeline = pipeline;
    this.stage = stage;
  }

  synchronized void record(StageOutcome outcome, long nanos) {
    outcomes.merge(outcome, 1, Integer::sum);
    busyNanos += nanos;
  }

  public String pipeline() {
    return pipeline;
  }

  public String stage() {
    return stage;
  }

  public synchronized int count(StageOutcome outcome) {
    return outcomes.getOrDefault(outcome, 0);
  }

  /** Objects taken in: every final outcome except IGNORED (retries count once, at the end). */
  public synchronized int in() {
    return count(StageOutcome.WRITTEN)
        + count(StageOutcome.DUPLICATE)
        + count(StageOutcome.STOPPED)
        + count(StageOutcome.QUARANTINED);
  }

  public synchronized int out() {
    return count(StageOutcome.WRITTEN);
  }

  public synchronized double busySeconds() {
    return busyNanos / 1e9;
  }
}
