package io.conserver.functions.redact.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Runs of consecutive number tokens, written ({@code 4111-1111}, {@code (555)}, {@code +44}) or
 * spoken one digit at a time ({@code four one one one}, {@code oh} for zero, {@code double five},
 * {@code triple two}, {@code plus} before a country code), so the card, phone and SSN rules look at
 * digits whatever form they came in. A dash word or a bare "-" inside a run does not break it.
 */
public final class DigitRuns {
  private static final Map<String, Character> DIGIT_WORDS =
      Map.ofEntries(
          Map.entry("zero", '0'),
          Map.entry("oh", '0'),
          Map.entry("o", '0'),
          Map.entry("one", '1'),
          Map.entry("two", '2'),
          Map.entry("three", '3'),
          Map.entry("four", '4'),
          Map.entry("five", '5'),
          Map.entry("six", '6'),
          Map.entry("seven", '7'),
          Map.entry("eight", '8'),
          Map.entry("nine", '9'));

  private static final Set<String> GLUE = Set.of("dash", "hyphen");

  // Digits with phone/card separators; '/' (dates), ':' (times) and decimal amounts are not runs.
  private static final Pattern WRITTEN = Pattern.compile("\\+?[0-9][0-9().\\-]*");
  private static final Pattern AMOUNT = Pattern.compile("[0-9]+\\.[0-9]{2}");

  /** Digits from one written token or one spoken group (a word, or "double"/"triple" + word). */
  public record Unit(int firstToken, int lastToken, String digits, boolean plus, int[] groups) {}

  /** A window of units, with its digits and whether its first unit carried a '+'. */
  public record Window(List<Unit> units, String digits) {
    public boolean plus() {
      return units.get(0).plus();
    }

    public int firstToken() {
      return units.get(0).firstToken();
    }

    public int lastToken() {
      return units.get(units.size() - 1).lastToken();
    }

    /** Digit group sizes across the window ({@code 123-45-6789} gives 3, 2, 4). */
    public List<Integer> groups() {
      List<Integer> groups = new ArrayList<>();
      units.forEach(u -> java.util.Arrays.stream(u.groups()).forEach(groups::add));
      return groups;
    }

    public Detection detection(String type, TokenText text) {
      return new Detection(type, text.token(firstToken()).start(), text.token(lastToken()).end());
    }
  }

  private DigitRuns() {}

  /** Every run of the text, in order. */
  public static List<List<Unit>> of(TokenText text) {
    List<List<Unit>> runs = new ArrayList<>();
    List<Unit> run = new ArrayList<>();
    int i = 0;
    while (i < text.size()) {
      Token token = text.token(i);
      String lower = token.lower();
      Unit unit = null;
      if (lower.equals("plus") && i + 1 < text.size()) {
        Unit next = unitAt(text, i + 1);
        if (next != null) {
          unit = new Unit(i, next.lastToken(), next.digits(), true, next.groups());
        }
      } else {
        unit = unitAt(text, i);
      }
      if (unit != null) {
        run.add(unit);
        i = unit.lastToken() + 1;
      } else if (!run.isEmpty() && (token.core().isEmpty() || GLUE.contains(lower))) {
        i++; // a separator inside a number
      } else {
        if (!run.isEmpty()) {
          runs.add(run);
          run = new ArrayList<>();
        }
        i++;
      }
    }
    if (!run.isEmpty()) {
      runs.add(run);
    }
    return runs;
  }

  private static Unit unitAt(TokenText text, int i) {
    String core = text.token(i).core();
    String lower = core.toLowerCase(java.util.Locale.ROOT);
    if (WRITTEN.matcher(core).matches() && !AMOUNT.matcher(core).matches()) {
      String digits = core.replaceAll("[^0-9]", "");
      int[] groups =
          java.util.Arrays.stream(core.split("[^0-9]+"))
              .filter(g -> !g.isEmpty())
              .mapToInt(String::length)
              .toArray();
      return new Unit(i, i, digits, core.startsWith("+"), groups);
    }
    Character digit = DIGIT_WORDS.get(lower);
    if (digit != null) {
      return new Unit(i, i, String.valueOf(digit), false, new int[] {1});
    }
    int times = lower.equals("double") ? 2 : lower.equals("triple") ? 3 : 0;
    if (times > 0 && i + 1 < text.size()) {
      Character repeated = DIGIT_WORDS.get(text.token(i + 1).lower());
      if (repeated != null) {
        return new Unit(i, i + 1, String.valueOf(repeated).repeat(times), false, new int[] {times});
      }
    }
    return null;
  }

  /** Every window of every run the rule accepts, as detections of a type. */
  public static List<Detection> detect(
      TokenText text, int maxDigits, Predicate<Window> accepts, String type) {
    List<Detection> found = new ArrayList<>();
    for (List<Unit> run : of(text)) {
      for (Window w : windows(run, maxDigits, accepts)) {
        found.add(w.detection(type, text));
      }
    }
    return found;
  }

  /**
   * Windows of consecutive units the rule accepts, longest first from the leftmost start, never
   * overlapping; windows longer than {@code maxDigits} are not tried.
   */
  public static List<Window> windows(List<Unit> run, int maxDigits, Predicate<Window> accepts) {
    List<Window> found = new ArrayList<>();
    int i = 0;
    while (i < run.size()) {
      int end = -1;
      Window best = null;
      StringBuilder digits = new StringBuilder();
      List<Window> candidates = new ArrayList<>();
      for (int j = i; j < run.size(); j++) {
        digits.append(run.get(j).digits());
        if (digits.length() > maxDigits) {
          break;
        }
        candidates.add(new Window(run.subList(i, j + 1), digits.toString()));
      }
      for (int c = candidates.size() - 1; c >= 0; c--) {
        if (accepts.test(candidates.get(c))) {
          best = candidates.get(c);
          end = i + c;
          break;
        }
      }
      if (best != null) {
        found.add(best);
        i = end + 1;
      } else {
        i++;
      }
    }
    return found;
  }
}
