package io.conserver.functions.redact.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * A text with its tokens. Built from free text (tokens are whitespace-separated) or from a
 * transcript's words (the words joined by single spaces, one token per word, so token {@code i} is
 * word {@code i} and a detection maps back to word indexes and their timings).
 */
public final class TokenText {
  private final String text;
  private final List<Token> tokens;

  private TokenText(String text, List<Token> tokens) {
    this.text = text;
    this.tokens = List.copyOf(tokens);
  }

  public static TokenText of(String text) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int from = start;
      for (int j = start; j <= i; j++) {
        if (j == i || splitsAt(text, j, start, i)) {
          if (j > from) {
            Token token = trimmed(text, from, j);
            if (!token.core().isEmpty()) {
              tokens.add(token);
            }
          }
          from = j + 1;
        }
      }
    }
    return new TokenText(text, tokens);
  }

  /**
   * Where a whitespace-free run splits into tokens, so digits glued to words are seen
   * ("call-4155550177.wav", "SSN:123-45-6789"): at {@code _ = / \\ | ; , :}, and at '-' or '.' next
   * to a letter. Digit groups ("555-0177", "2.14") stay whole.
   */
  private static boolean splitsAt(String text, int j, int start, int end) {
    char c = text.charAt(j);
    if ("_=/\\|;,:".indexOf(c) >= 0) {
      return true;
    }
    if (c != '-' && c != '.') {
      return false;
    }
    boolean letterBefore = j > start && Character.isLetter(text.charAt(j - 1));
    boolean letterAfter = j + 1 < end && Character.isLetter(text.charAt(j + 1));
    return letterBefore || letterAfter;
  }

  /** One token per word (a word with no letter or digit gives an empty token). */
  public static TokenText ofWords(List<String> words) {
    StringBuilder text = new StringBuilder();
    List<int[]> ranges = new ArrayList<>();
    for (String word : words) {
      if (text.length() > 0) {
        text.append(' ');
      }
      // Whitespace inside a word would split it in the joined text: never expected, made safe.
      String clean = word.replaceAll("\\s+", "_");
      ranges.add(new int[] {text.length(), text.length() + clean.length()});
      text.append(clean);
    }
    String joined = text.toString();
    List<Token> tokens = new ArrayList<>();
    for (int[] range : ranges) {
      tokens.add(trimmed(joined, range[0], range[1]));
    }
    return new TokenText(joined, tokens);
  }

  private static Token trimmed(String text, int start, int end) {
    int s = start;
    int e = end;
    while (s < e && !Character.isLetterOrDigit(text.charAt(s)) && text.charAt(s) != '+') {
      s++;
    }
    while (e > s && !Character.isLetterOrDigit(text.charAt(e - 1))) {
      e--;
    }
    if (s < e && text.charAt(s) == '+' && (s + 1 >= e || !Character.isDigit(text.charAt(s + 1)))) {
      s++;
    }
    return new Token(text.substring(s, e), s, e);
  }

  public String text() {
    return text;
  }

  public List<Token> tokens() {
    return tokens;
  }

  public int size() {
    return tokens.size();
  }

  public Token token(int index) {
    return tokens.get(index);
  }

  /** Indexes of the tokens a character range overlaps (empty tokens never overlap). */
  public List<Integer> tokensIn(int start, int end) {
    List<Integer> result = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.end() > t.start() && t.start() < end && t.end() > start) {
        result.add(i);
      }
    }
    return result;
  }

  /** The index of the first token starting at or after a character offset, or size(). */
  public int tokenAtOrAfter(int offset) {
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).start() >= offset) {
        return i;
      }
    }
    return tokens.size();
  }

  /** Whether one of the cue words occurs among the {@code window} tokens before a token. */
  public boolean cueBefore(int tokenIndex, int window, java.util.Set<String> cues) {
    for (int i = Math.max(0, tokenIndex - window); i < tokenIndex; i++) {
      if (cues.contains(tokens.get(i).lower())) {
        return true;
      }
    }
    return false;
  }
}
