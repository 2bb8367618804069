package io.conserver.functions.export.sinks;

import java.io.IOException;

/**
 * The target is down or asks us to slow down (5xx, 429, a rate limit, a timeout) and stayed so for
 * the few in-process retries a sink makes: transient, so the runner retries the stage later and
 * quarantines only after {@code max_receive_count} deliveries.
 */
public final class SinkUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  public SinkUnavailableException(String message) {
    super(message);
  }

  public SinkUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
