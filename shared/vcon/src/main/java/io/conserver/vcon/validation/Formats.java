package io.conserver.vcon.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Syntax checks for the string formats the draft names. Pure functions, no reporting. */
final class Formats {
  // RFC 3339 section 5.6 date-time: a full date, "T", a full time with seconds and an offset.
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d+)?"
              + "(?:[Zz]|[+-](\\d{2}):(\\d{2}))");

  // RFC 6838 type "/" subtype, optionally followed by parameters (which may be folded, as the
  // WG's e-mail examples show).
  private static final Pattern MEDIATYPE =
      Pattern.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(?:\\s*;[\\s\\S]*)?");

  // did:method:method-specific-id, optionally followed by a path, query or fragment (a DID URL).
  private static final Pattern DID =
      Pattern.compile("did:[a-z0-9]+:(?:[A-Za-z0-9._%-]*:)*[A-Za-z0-9._%-]+(?:[/?#][\\s\\S]*)?");

  // PIDF-LO gml:pos: two or three xs:double coordinates separated by white space.
  private static final String DOUBLE = "[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?";
  private static final Pattern GML_POS =
      Pattern.compile("\\s*" + DOUBLE + "(?:\\s+" + DOUBLE + "){1,2}\\s*");

  private Formats() {}

  static boolean isDateTime(String value) {
    Matcher m = DATE_TIME.matcher(value);
    if (!m.matches()) {
      return false;
    }
    int year = Integer.parseInt(m.group(1));
    int month = Integer.parseInt(m.group(2));
    int day = Integer.parseInt(m.group(3));
    if (month < 1 || month > 12 || day < 1 || day > YearMonth.of(year, month).lengthOfMonth()) {
      return false;
    }
    // Second 60 is a leap second, which RFC 3339 allows.
    if (Integer.parseInt(m.group(4)) > 23
        || Integer.parseInt(m.group(5)) > 59
        || Integer.parseInt(m.group(6)) > 60) {
      return false;
    }
    return m.group(7) == null
        || (Integer.parseInt(m.group(7)) <= 23 && Integer.parseInt(m.group(8)) <= 59);
  }

  /** 8-4-4-4-12 hexadecimal digits; any version or variant, either case. */
  static boolean isUuid(String value) {
    if (value.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char ch = value.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? ch != '-' : Character.digit(ch, 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Base64url (RFC 4648 section 5) as JWS uses it: no padding, no white space. With {@code
   * allowPadding}, trailing {@code =} that completes the last quantum is tolerated too.
   */
  static boolean isBase64Url(String value, boolean allowPadding) {
    int end = value.length();
    if (allowPadding && end % 4 == 0) {
      while (end > 0 && end > value.length() - 2 && value.charAt(end - 1) == '=') {
        end--;
      }
    }
    if (end % 4 == 1) {
      return false; // one leftover character cannot encode a byte
    }
    for (int i = 0; i < end; i++) {
      char ch = value.charAt(i);
      boolean ok =
          (ch >= 'A' && ch <= 'Z')
              || (ch >= 'a' && ch <= 'z')
              || (ch >= '0' && ch <= '9')
              || ch == '-'
              || ch == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** An absolute https URL with a host; the draft requires HTTPS for every external reference. */
  static boolean isHttpsUrl(String value) {
    try {
      URI uri = new URI(value);
      return "https".equalsIgnoreCase(uri.getScheme())
          && uri.getHost() != null
          && !uri.getHost().isEmpty();
    } catch (URISyntaxException e) {
      return false;
    }
  }

  static boolean isMediatype(String value) {
    return MEDIATYPE.matcher(value).matches();
  }

  static boolean isDid(String value) {
    return DID.matcher(value).matches();
  }

  static boolean isGmlPos(String value) {
    return GML_POS.matcher(value).matches();
  }

  /**
   * JWS Compact Serialization: three base64url parts separated by dots (the payload may be empty).
   */
  static boolean isJwsCompact(String value) {
    String[] parts = value.split("\\.", -1);
    return parts.length == 3
        && !parts[0].isEmpty()
        && !parts[2].isEmpty()
        && isBase64Url(parts[0], false)
        && isBase64Url(parts[1], false)
        && isBase64Url(parts[2], false);
  }
}
