package io.conserver.functions.redact.detect;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * International bank account numbers (ISO 13616): country code, two check digits, up to 30 letters
 * and digits, written whole or in groups of four, accepted only when the mod-97 check holds. Spoken
 * IBANs are not recognised.
 */
public final class IbanDetector implements Detector {
  private static final Pattern CANDIDATE =
      Pattern.compile("\\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}", Pattern.CASE_INSENSITIVE);

  @Override
  public String name() {
    return "iban";
  }

  @Override
  public String type() {
    return "IBAN";
  }

  @Override
  public List<Detection> detect(TokenText text, DetectionContext context) {
    List<Detection> found = new ArrayList<>();
    String s = text.text();
    Matcher m = CANDIDATE.matcher(s);
    int from = 0;
    while (from < s.length() && m.find(from)) {
      int end = longestValidEnd(s, m.start(), m.end());
      if (end > 0) {
        found.add(new Detection(type(), m.start(), end));
        from = end;
      } else {
        from = m.start() + 1;
      }
    }
    return found;
  }

  // The candidate may run into the next word ("... 797 In"): shorten it until the check holds.
  private static int longestValidEnd(String s, int start, int end) {
    for (int e = end; e > start + 14; e--) {
      if (e < s.length() && Character.isLetterOrDigit(s.charAt(e))) {
        continue; // would cut a token in two
      }
      String compact = s.substring(start, e).replace(" ", "").toUpperCase(java.util.Locale.ROOT);
      if (compact.length() >= 15 && compact.length() <= 34 && valid(compact)) {
        return e;
      }
    }
    return -1;
  }

  static boolean valid(String iban) {
    String rearranged = iban.substring(4) + iban.substring(0, 4);
    StringBuilder digits = new StringBuilder();
    for (char c : rearranged.toCharArray()) {
      digits.append(Character.getNumericValue(c));
    }
    return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
  }
}
