package io.conserver.functions.analyze.llm;

import io.conserver.platform.vendor.VendorFailure;

/**
 * A language model call failed. {@code TRANSIENT} (429, 5xx, Anthropic's 529 "overloaded", a
 * timeout, a lost connection) is retried by the stage's queue; {@code PERMANENT} (a refused
 * credential, a request the vendor will never accept) is not.
 */
public final class LlmException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Whether a later retry can help. */
  public enum Kind {
    TRANSIENT,
    PERMANENT
  }

  private final Kind kind;

  public LlmException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public LlmException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** A vendor call's failure: retryable ones are transient, the rest permanent. */
  public static LlmException of(VendorFailure failure) {
    String hint = failure.credentialRefused() ? "; check options.llm" : "";
    return new LlmException(
        failure.retryable() ? Kind.TRANSIENT : Kind.PERMANENT,
        failure.description() + hint,
        failure.cause());
  }

  public Kind kind() {
    return kind;
  }
}
