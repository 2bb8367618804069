package io.conserver.functions.redact.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates of birth: a date (numeric, "March 14, 1985", "the fourteenth of march nineteen eighty
 * five"...) within a few words after a birth cue ("born", "birthday", "date of birth", "DOB").
 * Other dates (appointments, deliveries) are left alone.
 */
public final class DateOfBirthDetector implements Detector {
  private static final Set<String> CUES = Set.of("born", "birth", "birthday", "dob", "d.o.b");

  private static final String DAY =
      "(?:[0-9]{1,2}(?:st|nd|rd|th)?|" + NumberWords.ORDINAL + "|" + NumberWords.CARDINAL + ")";
  private static final String YEAR =
      "(?:[0-9]{4}|'?[0-9]{2}|nineteen[\\s-]+(?:"
          + NumberWords.CARDINAL
          + "|oh[\\s-]+"
          + NumberWords.UNIT
          + ")|two[\\s-]+thousand(?:[\\s-]+and)?(?:[\\s-]+"
          + NumberWords.CARDINAL
          + ")?|twenty[\\s-]+"
          + NumberWords.CARDINAL
          + ")";
  private static final Pattern DATE =
      Pattern.compile(
          "[0-9]{1,4}[/.-][0-9]{1,2}[/.-][0-9]{2,4}"
              + "|"
              + NumberWords.MONTH
              + "\\s+(?:the\\s+)?"
              + DAY
              + "(?:,?\\s+(?:of\\s+)?"
              + YEAR
              + ")?"
              + "|(?:the\\s+)?"
              + DAY
              + "\\s+(?:of\\s+)?"
              + NumberWords.MONTH
              + "(?:,?\\s+"
              + YEAR
              + ")?",
          Pattern.CASE_INSENSITIVE);

  /** How far after the cue the date may start (characters: "is on the", "of birth is"). */
  private static final int REACH = 30;

  @Override
  public String name() {
    return "dob";
  }

  @Override
  public String type() {
    return "DOB";
  }

  @Override
  public List<Detection> detect(TokenText text, DetectionContext context) {
    List<Detection> found = new ArrayList<>();
    String s = text.text();
    for (Token token : text.tokens()) {
      if (!CUES.contains(token.lower())) {
        continue;
      }
      Matcher m = DATE.matcher(s);
      m.region(token.end(), Math.min(s.length(), token.end() + REACH + 60));
      if (m.find() && m.start() - token.end() <= REACH && noDigits(s, token.end(), m.start())) {
        found.add(new Detection(type(), m.start(), m.end()));
      }
    }
    return found;
  }

  private static boolean noDigits(String s, int from, int to) {
    return s.substring(from, to).chars().noneMatch(Character::isDigit);
  }
}
