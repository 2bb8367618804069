package io.conserver.functions.redact.detect;

/**
 * One token of a text: its core (surrounding punctuation trimmed, a leading '+' kept) and the
 * core's character range in the text.
 */
public record Token(String core, int start, int end) {
  /** The core lower-cased, as cue lists and number words are written. */
  public String lower() {
    return core.toLowerCase(java.util.Locale.ROOT);
  }
}
