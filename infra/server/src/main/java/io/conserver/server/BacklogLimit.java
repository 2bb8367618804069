package io.conserver.server;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * How far a tenant's stages may fall behind before submissions are turned away: the runtime holds
 * its queued events in memory, so under sustained overload an unlimited backlog grows until the
 * server runs out of memory. Past the limit a submission gets 503 with Retry-After; the client
 * keeps the vCon and sends it again (a repeat is harmless), and nothing was written.
 *
 * @param maxPending most queued events a tenant may have; 0 turns the limit off
 */
record BacklogLimit(int maxPending) {
  /** Seconds a refused client is asked to wait: a few seconds of stage work at full speed. */
  static final String RETRY_AFTER_SECONDS = "5";

  BacklogLimit {
    if (maxPending < 0) {
      throw new IllegalArgumentException("conserver.api.max-pending-events must be 0 or more");
    }
  }

  boolean refuses(int pending) {
    return maxPending > 0 && pending >= maxPending;
  }

  Problem.Failure failure() {
    return Problem.failure(
        Response.fromResponse(
                Problem.response(
                    503,
                    "backlogged",
                    "Service Unavailable",
                    "this tenant's pipelines have "
                        + maxPending
                        + " or more events waiting; send this vCon again later"))
            .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
            .build());
  }
}
