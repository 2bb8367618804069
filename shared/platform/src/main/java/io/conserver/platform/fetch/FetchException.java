package io.conserver.platform.fetch;

import java.io.IOException;

/**
 * A fetch the guard refused or that failed; the message is fit for a quarantine reason and never
 * carries a stack trace to the user. {@link #retryable()} says whether trying again can help.
 */
public final class FetchException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why a fetch did not deliver verified bytes. */
  public enum Reason {
    DENIED_SCHEME(false),
    DENIED_ADDRESS(false),
    UNRESOLVED(true),
    TOO_MANY_REDIRECTS(false),
    TOO_LARGE(false),
    TIMEOUT(true),
    HTTP_STATUS(false),
    HASH_MISMATCH(false),
    NO_HASH(false),
    IO(true);

    private final boolean retryable;

    Reason(boolean retryable) {
      this.retryable = retryable;
    }
  }

  private final Reason reason;
  private final boolean retryable;

  public FetchException(Reason reason, String message) {
    this(reason, message, reason.retryable, null);
  }

  public FetchException(Reason reason, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.retryable = retryable;
  }

  public Reason reason() {
    return reason;
  }

  public boolean retryable() {
    return retryable;
  }
}
