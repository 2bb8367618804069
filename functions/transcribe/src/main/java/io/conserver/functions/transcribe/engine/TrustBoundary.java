package io.conserver.functions.transcribe.engine;

/** Where an engine sends the audio, relative to the tenant's trust boundary (see DESIGN.md). */
public enum TrustBoundary {
  /** Runs in the function itself; the audio never leaves it. */
  OFFLINE,
  /** The tenant's own cloud account (AWS Transcribe, Google Speech-to-Text): inside. */
  TENANT_CLOUD,
  /**
   * A third-party SaaS (Deepgram, OpenAI): outside; needs an explicit opt-in and a ledger record.
   */
  THIRD_PARTY
}
