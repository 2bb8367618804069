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
  private final int status;
  private final String retryAfter;

  public FetchException(Reason reason, String message) {
    this(reason, message, reason.retryable, null);
  }

  public FetchException(Reason reason, String message, boolean retryable, Throwable cause) {
    this(reason, message, retryable, cause, 0, null);
  }

  private FetchException(
      Reason reason,
      String message,
      boolean retryable,
      Throwable cause,
      int status,
      String retryAfter) {
    super(message, cause);
    this.reason = reason;
    this.retryable = retryable;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  /** A final answer other than 200: retryable when the server is busy (429) or failing (5xx). */
  static FetchException status(int status, String host, String retryAfter) {
    boolean transient_ = status == 429 || status >= 500;
    return new FetchException(
        Reason.HTTP_STATUS,
        "HTTP " + status + " from " + host,
        transient_,
        null,
        status,
        retryAfter);
  }

  /** The HTTP status of a {@link Reason#HTTP_STATUS} answer, else 0. */
  public int status() {
    return status;
  }

  /** The server's {@code Retry-After} (seconds or an HTTP date), when it sent one. */
  public java.util.Optional<String> retryAfter() {
    return java.util.Optional.ofNullable(retryAfter);
  }

  public Reason reason() {
    return reason;
  }

  public boolean retryable() {
    return retryable;
  }
}
