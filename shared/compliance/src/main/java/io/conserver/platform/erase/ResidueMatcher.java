package io.conserver.platform.erase;

import io.conserver.platform.index.PartyIdentifiers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the traces one party identifier leaves in text, in every form a person or a system writes
 * it: for a {@code tel:} the E.164 number and its national significant number, with any separators
 * ({@code +1 (555) 123-4567}, {@code 555.123.4567}), URL-encoded ({@code %2B15551234567}) and
 * spoken in a transcript ({@code five five five one two three ...}, "oh" for zero, "double five");
 * for a {@code mailto:} the address in any letter case, URL-encoded ({@code %40}) and spoken
 * ({@code carol dot jones at example dot net}); for a {@code name:} the name in any case and
 * spacing. It says which forms it found, never where in the text or what the text was: a report of
 * a match must not become a copy of the data.
 */
public final class ResidueMatcher {
  /** Numbers shorter than this are too common to mean the person (extensions, years, counts). */
  static final int MIN_DIGITS = 7;

  private static final Map<String, String> SPOKEN_DIGITS =
      Map.ofEntries(
          Map.entry("zero", "0"),
          Map.entry("oh", "0"),
          Map.entry("o", "0"),
          Map.entry("one", "1"),
          Map.entry("two", "2"),
          Map.entry("three", "3"),
          Map.entry("four", "4"),
          Map.entry("five", "5"),
          Map.entry("six", "6"),
          Map.entry("seven", "7"),
          Map.entry("eight", "8"),
          Map.entry("nine", "9"));

  private static final Set<String> SEPARATOR_WORDS = Set.of("dash", "hyphen", "plus");

  private final String kind;
  private final String digits; // national significant number, for tel
  private final List<Pattern> textPatterns; // for mailto, sip and name
  private final Pattern spokenEmail;

  private ResidueMatcher(
      String kind, String digits, List<Pattern> textPatterns, Pattern spokenEmail) {
    this.kind = kind;
    this.digits = digits;
    this.textPatterns = textPatterns;
    this.spokenEmail = spokenEmail;
  }

  /** A matcher for an identifier as a user gives it ({@code tel:}, {@code mailto:}...). */
  public static ResidueMatcher forIdentifier(String identifier) {
    String normalised =
        PartyIdentifiers.parse(identifier)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "not a party identifier (tel:, mailto:, sip: or name:)"));
    if (normalised.startsWith("tel:+")) {
      return new ResidueMatcher("phone", nationalNumber(normalised.substring(5)), List.of(), null);
    }
    if (normalised.startsWith("mailto:")) {
      String address = normalised.substring(7);
      return new ResidueMatcher(
          "email", null, List.of(literal(address)), spokenEmailPattern(address));
    }
    if (normalised.startsWith("sip:")) {
      return new ResidueMatcher("sip", null, List.of(literal(normalised.substring(4))), null);
    }
    String name = normalised.substring(5);
    return new ResidueMatcher("name", null, List.of(words(name)), null);
  }

  /**
   * A matcher for conversation ids (an erase by conversation, as a hybrid tenant's cloud half does
   * for a redacted copy): finds the ids in keys and content, whatever is derived from them.
   */
  static ResidueMatcher forConversations(Collection<String> ids) {
    return new ResidueMatcher(
        "conversation", null, ids.stream().map(ResidueMatcher::literal).toList(), null);
  }

  /** What kind of identifier this matcher looks for: phone, email, sip, name or conversation. */
  public String kind() {
    return kind;
  }

  /**
   * The forms of the identifier found in the text (e.g. {@code phone}, {@code phone-spoken}, {@code
   * email-url-encoded}); empty when there is no trace.
   */
  public Set<String> find(CharSequence text) {
    Set<String> found = new TreeSet<>();
    String lower = text.toString().toLowerCase(Locale.ROOT);
    findIn(lower, found);
    if (lower.indexOf('%') >= 0 || lower.indexOf('+') >= 0) {
      String decoded = percentDecoded(lower);
      if (!decoded.equals(lower)) {
        Set<String> inDecoded = new TreeSet<>();
        findIn(decoded, inDecoded);
        inDecoded.removeAll(found);
        inDecoded.forEach(f -> found.add(f + "-url-encoded"));
      }
    }
    return found;
  }

  public boolean matches(CharSequence text) {
    return !find(text).isEmpty();
  }

  private void findIn(String lower, Set<String> found) {
    if (digits != null) {
      scanDigitRuns(lower, found);
    }
    for (Pattern pattern : textPatterns) {
      if (pattern.matcher(lower).find()) {
        found.add(kind);
      }
    }
    if (spokenEmail != null && spokenEmail.matcher(lower).find()) {
      found.add(kind + "-spoken");
    }
  }

  /**
   * Walks the text collecting runs of digits (written or spoken) joined only by separators, and
   * reports a run that contains the national number.
   */
  private void scanDigitRuns(String text, Set<String> found) {
    StringBuilder run = new StringBuilder();
    boolean spoken = false;
    int gap = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        run.append(c);
        gap = 0;
        i++;
        continue;
      }
      if (Character.isLetter(c)) {
        int end = i;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
          end++;
        }
        String word = text.substring(i, end);
        boolean wordStart = i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1));
        String digit = wordStart ? SPOKEN_DIGITS.get(word) : null;
        if (digit != null) {
          run.append(digit);
          spoken = true;
          gap = 0;
        } else if (wordStart && (word.equals("double") || word.equals("triple"))) {
          int times = word.equals("double") ? 2 : 3;
          int next = skipSpaces(text, end);
          int nextEnd = next;
          while (nextEnd < text.length() && Character.isLetter(text.charAt(nextEnd))) {
            nextEnd++;
          }
          String repeated = SPOKEN_DIGITS.get(text.substring(next, nextEnd));
          if (repeated == null) {
            check(run, spoken, found);
            run.setLength(0);
            spoken = false;
          } else {
            run.append(repeated.repeat(times));
            spoken = true;
            gap = 0;
            end = nextEnd;
          }
        } else if (!SEPARATOR_WORDS.contains(word)) {
          check(run, spoken, found);
          run.setLength(0);
          spoken = false;
        }
        i = end;
        continue;
      }
      if (isSeparator(c) && ++gap <= 3) {
        i++;
        continue;
      }
      check(run, spoken, found);
      run.setLength(0);
      spoken = false;
      gap = 0;
      i++;
    }
    check(run, spoken, found);
  }

  private void check(StringBuilder run, boolean spoken, Set<String> found) {
    if (run.length() >= digits.length() && run.indexOf(digits) >= 0) {
      found.add(spoken ? "phone-spoken" : "phone");
    }
  }

  private static int skipSpaces(String text, int from) {
    int i = from;
    while (i < text.length() && isSeparator(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isSeparator(char c) {
    return c == ' '
        || c == '-'
        || c == '.'
        || c == '('
        || c == ')'
        || c == '+'
        || c == '/'
        || c == ','
        || c == '\u00a0'
        || c == '\t'
        || c == '\n'
        || c == '\r';
  }

  /**
   * The national significant number: the E.164 digits without the country code. Country codes are
   * prefix-free (ITU-T E.164), so their length follows from the first digits; the number is found
   * inside longer runs, so a national trunk prefix ("0...") or the country code itself still match.
   */
  static String nationalNumber(String e164Digits) {
    int codeLength = countryCodeLength(e164Digits);
    return e164Digits.length() - codeLength >= MIN_DIGITS
        ? e164Digits.substring(codeLength)
        : e164Digits;
  }

  private static final Set<String> TWO_DIGIT_CODES =
      new TreeSet<>(
          List.of(
              "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45",
              "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61",
              "62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94",
              "95", "98"));

  static int countryCodeLength(String digits) {
    if (digits.startsWith("1") || digits.startsWith("7")) {
      return 1;
    }
    if (digits.length() >= 2 && TWO_DIGIT_CODES.contains(digits.substring(0, 2))) {
      return 2;
    }
    return 3;
  }

  private static Pattern literal(String text) {
    return Pattern.compile(Pattern.quote(text));
  }

  /** A name's words in order, separated by any whitespace, underscores or '+', as whole words. */
  private static Pattern words(String name) {
    List<String> parts = new ArrayList<>();
    for (String word : name.split(" ")) {
      parts.add(Pattern.quote(word));
    }
    return Pattern.compile(
        "(?<![\\p{L}\\p{N}])" + String.join("[\\s_+]+", parts) + "(?![\\p{L}\\p{N}])");
  }

  private static Pattern spokenEmailPattern(String address) {
    StringBuilder regex = new StringBuilder("(?<![\\p{L}\\p{N}])");
    StringBuilder word = new StringBuilder();
    for (char c : address.toCharArray()) {
      if (c == '.' || c == '@') {
        regex.append(Pattern.quote(word.toString()));
        word.setLength(0);
        regex.append(c == '.' ? "\\s+dot\\s+" : "\\s+at\\s+");
      } else {
        word.append(c);
      }
    }
    regex.append(Pattern.quote(word.toString())).append("(?![\\p{L}\\p{N}])");
    return Pattern.compile(regex.toString());
  }

  private static String percentDecoded(String text) {
    // Decode only well-formed escapes; a lone '%' stays as it is.
    Matcher escapes = Pattern.compile("(%[0-9a-f]{2})+").matcher(text);
    StringBuilder out = new StringBuilder();
    while (escapes.find()) {
      String decoded;
      try {
        decoded = URLDecoder.decode(escapes.group(), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = escapes.group();
      }
      escapes.appendReplacement(out, Matcher.quoteReplacement(decoded));
    }
    escapes.appendTail(out);
    return out.toString().replace('+', ' ');
  }
}
