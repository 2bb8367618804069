package io.conserver.functions.redact.detect;

/** A span of a {@link TokenText} to redact: its type ({@code CARD}...) and character range. */
public record Detection(String type, int start, int end) {
  public Detection {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("empty or negative span " + start + ".." + end);
    }
  }

  /** The placeholder that replaces the span: {@code [CARD]}. */
  public String placeholder() {
    return "[" + type + "]";
  }

  public boolean overlaps(Detection other) {
    return start < other.end && other.start < end;
  }
}
