package io.conserver.functions.redact.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names of the vCon's own parties: the full name and each part of it ("Carol Jones", "Carol",
 * "Jones"), in any case, as whole words. Parts that are role words ("Agent", "Support") or a single
 * letter are skipped, so "Dana Agent" does not redact every "agent".
 */
public final class PartyNameDetector implements Detector {
  private static final Set<String> NOT_NAMES =
      Set.of(
          "agent",
          "customer",
          "support",
          "team",
          "bot",
          "ivr",
          "system",
          "service",
          "sales",
          "billing",
          "caller",
          "callee",
          "unknown",
          "mr",
          "mrs",
          "ms",
          "dr",
          "the",
          "and");

  @Override
  public String name() {
    return "name";
  }

  @Override
  public String type() {
    return "NAME";
  }

  @Override
  public List<Detection> detect(TokenText text, DetectionContext context) {
    Set<String> names = new LinkedHashSet<>();
    for (String name : context.partyNames()) {
      String clean = name.strip().replaceAll("\\s+", " ");
      if (clean.length() >= 2) {
        names.add(clean);
      }
      for (String part : clean.split("[\\s,]+")) {
        String bare = part.replaceAll("[^\\p{L}'-]", "");
        if (bare.length() >= 2 && !NOT_NAMES.contains(bare.toLowerCase(Locale.ROOT))) {
          names.add(bare);
        }
      }
    }
    if (names.isEmpty()) {
      return List.of();
    }
    List<String> longestFirst = new ArrayList<>(names);
    longestFirst.sort(Comparator.comparingInt(String::length).reversed());
    StringBuilder alternatives = new StringBuilder();
    for (String name : longestFirst) {
      if (alternatives.length() > 0) {
        alternatives.append('|');
      }
      alternatives.append(Pattern.quote(name).replace(" ", "\\E\\s+\\Q"));
    }
    Pattern pattern =
        Pattern.compile(
            "(?<![\\p{L}\\p{N}])(?:" + alternatives + ")(?![\\p{L}\\p{N}])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    return Detector.matches(pattern, text, type());
  }
}
