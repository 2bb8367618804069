package io.conserver.functions.redact.detect;

/** Regular-expression pieces for numbers, ordinals and months as people say or write them. */
final class NumberWords {
  static final String UNIT = "(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)";
  static final String TEEN =
      "(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)";
  static final String TENS = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)";
  static final String CARDINAL =
      "(?:" + TENS + "(?:[\\s-]+" + UNIT + ")?|" + TEEN + "|" + UNIT + ")";
  static final String ORDINAL_UNIT =
      "(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)";
  static final String ORDINAL =
      "(?:(?:twenty|thirty)[\\s-]+"
          + ORDINAL_UNIT
          + "|twentieth|thirtieth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth"
          + "|sixteenth|seventeenth|eighteenth|nineteenth|"
          + ORDINAL_UNIT
          + ")";
  static final String MONTH =
      "(?:january|february|march|april|may|june|july|august|september|october|november|december"
          + "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?";

  /** A spoken number of a few words ("forty two", "one hundred and five", "seven four eight"). */
  static final String SPOKEN_NUMBER =
      "(?:(?:"
          + CARDINAL
          + "|hundred|thousand|and|double|triple)[\\s-]+){0,6}"
          + "(?:"
          + CARDINAL
          + "|hundred|thousand)";

  private NumberWords() {}
}
