package io.conserver.functions.redact.detect;

import java.util.List;
import java.util.Set;

/**
 * US Social Security numbers: 9 digits with a possible area (not 000, 666 or 9xx), group (not 00)
 * and serial (not 0000), either written in the 3-2-4 shape ({@code 123-45-6789}) or, in any shape
 * or spoken, after an SSN cue ("social", "ssn"...). Nine bare digits alone are not enough.
 */
public final class SsnDetector implements Detector {
  static final Set<String> CUES = Set.of("social", "ssn", "security", "ss");

  @Override
  public String name() {
    return "ssn";
  }

  @Override
  public String type() {
    return "SSN";
  }

  @Override
  public List<Detection> detect(TokenText text, DetectionContext context) {
    return DigitRuns.detect(
        text,
        9,
        w ->
            possible(w.digits())
                && (w.groups().equals(List.of(3, 2, 4))
                    || text.cueBefore(w.firstToken(), 10, CUES)),
        type());
  }

  static boolean possible(String d) {
    if (d.length() != 9) {
      return false;
    }
    String area = d.substring(0, 3);
    return !area.equals("000")
        && !area.equals("666")
        && area.charAt(0) != '9'
        && !d.substring(3, 5).equals("00")
        && !d.substring(5).equals("0000");
  }
}
