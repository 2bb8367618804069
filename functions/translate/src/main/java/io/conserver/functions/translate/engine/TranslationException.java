package io.conserver.functions.translate.engine;

/**
 * An engine could not translate a text. The kind decides what the stage does: {@link
 * Kind#TRANSIENT} (timeouts, 429, 5xx) is retried by the stage runner; {@link Kind#CONFIGURATION}
 * (a missing language pair or binary, a refused credential, an exhausted quota) is retried too and
 * then quarantined with this message, which says what to fix; {@link Kind#REJECTED_INPUT} (the
 * engine refuses this text) quarantines the vCon at once; {@link Kind#UNSUPPORTED_LANGUAGE} (the
 * engine cannot translate from this language at all) skips that text with the reason recorded.
 * Messages never contain the text.
 */
public final class TranslationException extends Exception {
  private static final long serialVersionUID = 1L;

  public enum Kind {
    TRANSIENT,
    CONFIGURATION,
    REJECTED_INPUT,
    UNSUPPORTED_LANGUAGE
  }

  private final Kind kind;

  public TranslationException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public TranslationException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
