package io.conserver.platform.outside;

/**
 * Where an engine sends conversation data, relative to the tenant's trust boundary (DESIGN.md,
 * "Outside services").
 */
public enum TrustBoundary {
  /** Runs in the function itself; the data never leaves it. */
  OFFLINE,
  /** The tenant's own cloud account (AWS, Google Cloud): inside the boundary. */
  TENANT_CLOUD,
  /**
   * A third-party SaaS: outside; needs the stage's explicit opt-in and a ledger record each time.
   */
  THIRD_PARTY
}
