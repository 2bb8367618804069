package io.conserver.media;

/**
 * Media that cannot be used: no media, corrupt or empty audio, an unsupported codec, bytes that do
 * not match {@code content_hash}, a refused fetch. The message is a quarantine reason for people;
 * {@link #retryable()} says whether trying again later can help (a timeout can, a bad file not).
 */
public final class MediaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public MediaException(String message) {
    this(message, false, null);
  }

  public MediaException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
