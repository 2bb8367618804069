package io.conserver.functions.redact.detect;

import java.util.List;
import java.util.Set;

/**
 * Payment card numbers: 13 to 19 digits, written or spoken, with an issuer prefix (Visa 4,
 * Mastercard 51-55 and 2221-2720, Amex 34/37, Discover 6011/64/65, JCB 35, Diners 30/36/38,
 * UnionPay 62) and a valid Luhn check digit. Spoken in a call, one misheard digit breaks the Luhn
 * check, so 15 or 16 digits right after a card cue ("card", "visa"...) count as a card too.
 */
public final class CardDetector implements Detector {
  static final Set<String> CUES =
      Set.of("card", "visa", "mastercard", "amex", "credit", "debit", "discover", "cc");

  @Override
  public String name() {
    return "card";
  }

  @Override
  public String type() {
    return "CARD";
  }

  @Override
  public List<Detection> detect(TokenText text, DetectionContext context) {
    return DigitRuns.detect(text, 19, w -> isCard(w.digits(), text, w.firstToken()), type());
  }

  private static boolean isCard(String digits, TokenText text, int firstToken) {
    int n = digits.length();
    if (n < 13 || n > 19 || !issuer(digits)) {
      return false;
    }
    return luhn(digits) || ((n == 15 || n == 16) && text.cueBefore(firstToken, 8, CUES));
  }

  static boolean issuer(String d) {
    int two = Integer.parseInt(d.substring(0, 2));
    int four = Integer.parseInt(d.substring(0, 4));
    return d.charAt(0) == '4'
        || (two >= 51 && two <= 55)
        || (four >= 2221 && four <= 2720)
        || two == 34
        || two == 37
        || two == 35
        || two == 30
        || two == 36
        || two == 38
        || two == 62
        || two == 64
        || two == 65
        || d.startsWith("6011");
  }

  static boolean luhn(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    return sum % 10 == 0;
  }
}
