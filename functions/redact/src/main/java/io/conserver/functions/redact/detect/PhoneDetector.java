package io.conserver.functions.redact.detect;

import java.util.List;
import java.util.Set;

/**
 * Telephone numbers, written or spoken: E.164 ({@code +} or "plus" then 8 to 15 digits), a {@code
 * 00} international prefix, North American numbers (10 digits, or 11 with the leading 1, area code
 * and exchange not starting with 0 or 1), national numbers with a trunk 0 (10 or 11 digits, as in
 * the UK and most of Europe), and 7-digit local numbers only within four words after a calling cue
 * ("call", "phone"...) and not after "order", "account"..., since 7 digits alone are as often an
 * order number.
 */
public final class PhoneDetector implements Detector {
  static final Set<String> CUES =
      Set.of("call", "phone", "reach", "cell", "mobile", "text", "dial", "telephone", "tel");

  /** Words that make 7 digits an order or account number even after a calling cue. */
  static final Set<String> NOT_PHONE =
      Set.of("order", "account", "reference", "ref", "ticket", "invoice", "case", "confirmation");

  @Override
  public String name() {
    return "phone";
  }

  @Override
  public String type() {
    return "PHONE";
  }

  @Override
  public List<Detection> detect(TokenText text, DetectionContext context) {
    return DigitRuns.detect(text, 17, w -> isPhone(w, text), type());
  }

  private static boolean isPhone(DigitRuns.Window w, TokenText text) {
    String d = w.digits();
    int n = d.length();
    if (w.plus()) {
      return n >= 8 && n <= 15 && d.charAt(0) != '0';
    }
    if (d.startsWith("00")) {
      return n >= 10 && n <= 17 && d.charAt(2) != '0';
    }
    if (n == 11 && d.charAt(0) == '1') {
      return nanp(d.substring(1));
    }
    if (n == 10 && nanp(d)) {
      return true;
    }
    if (d.charAt(0) == '0') {
      return (n == 10 || n == 11) && d.charAt(1) != '0';
    }
    return n == 7
        && d.charAt(0) >= '2'
        && text.cueBefore(w.firstToken(), 4, CUES)
        && !text.cueBefore(w.firstToken(), 4, NOT_PHONE);
  }

  private static boolean nanp(String ten) {
    return ten.length() == 10 && ten.charAt(0) >= '2' && ten.charAt(3) >= '2';
  }
}
