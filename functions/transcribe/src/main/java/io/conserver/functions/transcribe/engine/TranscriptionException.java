package io.conserver.functions.transcribe.engine;

import io.conserver.platform.vendor.VendorFailure;

/**
 * An engine failed. {@link Kind#TRANSIENT} failures (timeouts, 429, 5xx) are retried by the stage
 * runner up to the stage's bound; {@link Kind#PERMANENT} ones (corrupt or unsupported audio, 4xx
 * other than 429, a rejected credential) are quarantined at once with this message.
 */
public final class TranscriptionException extends Exception {
  private static final long serialVersionUID = 1L;

  public enum Kind {
    TRANSIENT,
    PERMANENT
  }

  private final Kind kind;

  public TranscriptionException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public TranscriptionException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** A vendor call's failure: retryable ones are transient, the rest permanent. */
  public static TranscriptionException of(VendorFailure failure) {
    String hint =
        failure.credentialRefused() ? "; check the credential reference in the stage options" : "";
    return new TranscriptionException(
        failure.retryable() ? Kind.TRANSIENT : Kind.PERMANENT,
        failure.description() + hint,
        failure.cause());
  }

  public Kind kind() {
    return kind;
  }
}
