package io.conserver.functions.redact.detect;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Street addresses where a simple rule holds: a house number (digits or spoken), one to three name
 * words, and a street type ("12 Harbor Street", "forty two maple avenue", "7 Elm St."). Addresses
 * without a number or a street type (PO boxes, "the old mill") are not found.
 */
public final class AddressDetector implements Detector {
  private static final String STREET_TYPE =
      "(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl"
          + "|terrace|circle|parkway|pkwy|highway|hwy|square|sq)";
  private static final String NAME_WORD =
      "(?!(?:and|the|a|an|of|to|in|on|at|for|is|was|my|our|your|it|that|this|or|more|less"
          + "|days|minutes|hours|times)\\b)[a-z][a-z'-]*";
  private static final Pattern ADDRESS =
      Pattern.compile(
          "\\b(?:[0-9]{1,6}[a-z]?|"
              + NumberWords.SPOKEN_NUMBER
              + ")\\s+(?:"
              + NAME_WORD
              + "\\s+){1,3}"
              + STREET_TYPE
              + "\\b\\.?",
          Pattern.CASE_INSENSITIVE);

  @Override
  public String name() {
    return "address";
  }

  @Override
  public String type() {
    return "ADDRESS";
  }

  @Override
  public List<Detection> detect(TokenText text, DetectionContext context) {
    return Detector.matches(ADDRESS, text, type());
  }
}
