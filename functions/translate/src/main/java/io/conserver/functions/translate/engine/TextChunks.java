package io.conserver.functions.translate.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a long text into pieces under an engine's request limit, at sentence ends where it can,
 * else at spaces, else anywhere (never inside a surrogate pair). The pieces concatenated give the
 * text back exactly, so their translations joined keep its layout.
 */
public final class TextChunks {
  private TextChunks() {}

  /** Pieces of at most {@code maxBytes} UTF-8 bytes each. */
  public static List<String> byUtf8Bytes(String text, int maxBytes) {
    return split(text, maxBytes, true);
  }

  /** Pieces of at most {@code maxChars} UTF-16 chars each. */
  public static List<String> byChars(String text, int maxChars) {
    return split(text, maxChars, false);
  }

  private static List<String> split(String text, int limit, boolean bytes) {
    if (limit < 4) {
      throw new IllegalArgumentException("limit must be at least 4");
    }
    List<String> pieces = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = farthestEnd(text, start, limit, bytes);
      if (end < text.length()) {
        end = bestBreak(text, start, end);
      }
      pieces.add(text.substring(start, end));
      start = end;
    }
    return pieces;
  }

  // The largest end such that text[start, end) fits the limit.
  private static int farthestEnd(String text, int start, int limit, boolean bytes) {
    if (!bytes) {
      int end = Math.min(text.length(), start + limit);
      return Character.isLowSurrogate(charAt(text, end)) ? end - 1 : end;
    }
    int used = 0;
    int i = start;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + size > limit) {
        break;
      }
      used += size;
      i += Character.charCount(cp);
    }
    return i;
  }

  private static char charAt(String text, int index) {
    return index < text.length() ? text.charAt(index) : ' ';
  }

  // Prefer the end of a sentence in the second half of the window, then a space, else the limit.
  private static int bestBreak(String text, int start, int end) {
    int half = start + (end - start) / 2;
    for (int i = end - 1; i > half; i--) {
      char c = text.charAt(i - 1);
      if ((c == '.' || c == '?' || c == '!' || c == '\n')
          && Character.isWhitespace(text.charAt(i))) {
        return i + 1;
      }
    }
    for (int i = end - 1; i > start; i--) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i + 1;
      }
    }
    return end;
  }
}
