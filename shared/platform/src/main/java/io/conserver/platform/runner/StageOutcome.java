package io.conserver.platform.runner;

/** What happened to one triggering object. */
public enum StageOutcome {
  /** The output was written (or passed through, for a skipped stage). */
  WRITTEN,
  /** The output already existed: a redelivered event; nothing written twice. */
  DUPLICATE,
  /** Not this stage's object (another prefix, a test event...): acknowledged, nothing done. */
  IGNORED,
  /** The chain stops here for this conversation (dropped or routed away); recorded, not written. */
  STOPPED,
  /** Moved aside with a reason; acknowledged so it never blocks the queue. */
  QUARANTINED,
  /** A transient failure under the retry bound: the transport should deliver it again. */
  RETRY;

  /** Whether the transport should consider the message handled. */
  public boolean acknowledged() {
    return this != RETRY;
  }
}
