package io.conserver.functions.redact.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * E-mail addresses, written ({@code john.smith@example.com}) or spoken as an ASR engine writes them
 * ({@code john dot smith at example dot com}, digits spelled out in the local part, "at sign",
 * mixed forms such as {@code john.smith at example.com}). A spoken address must end in a common
 * top-level domain, so "meet at noon" is not one.
 */
public final class EmailDetector implements Detector {
  private static final Pattern WRITTEN =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

  private static final String DIGIT_WORD =
      "(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)";
  private static final String SEP = "(?:\\s+(?:dot|period|underscore|dash|hyphen)\\s+|[._-])";
  private static final String WORD = "[a-z0-9]+";
  private static final String TLD =
      "(?:com|org|net|edu|gov|io|co|uk|de|fr|info|biz|us|ca|me|es|it|nl|au|in|jp|ch|se|ie)";
  private static final Pattern SPOKEN =
      Pattern.compile(
          "\\b"
              + WORD
              + "(?:"
              + SEP
              + WORD
              + "|\\s+"
              + DIGIT_WORD
              + "\\b)*"
              + "\\s+(?:at|at\\s+sign|@)\\s+"
              + WORD
              + "(?:(?:\\s+dot\\s+|\\.)"
              + WORD
              + ")*(?:\\s+dot\\s+|\\.)"
              + TLD
              + "\\b",
          Pattern.CASE_INSENSITIVE);

  @Override
  public String name() {
    return "email";
  }

  @Override
  public String type() {
    return "EMAIL";
  }

  @Override
  public List<Detection> detect(TokenText text, DetectionContext context) {
    List<Detection> found = new ArrayList<>(Detector.matches(WRITTEN, text, type()));
    found.addAll(Detector.matches(SPOKEN, text, type()));
    return found;
  }
}
