package io.conserver.functions.translate.engine.apertium;

import io.conserver.functions.translate.langid.LanguageCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which apertium modes take a text from one language to another: a direct pair ({@code spa-eng})
 * or, when none is installed, two pairs through a pivot language ({@code fr-es} then {@code
 * spa-eng}: rougher, as each step loses some meaning). Debian packages few pairs into English, so
 * the pivot is what makes French, Portuguese and Italian reachable offline.
 */
final class ApertiumRoutes {
  // Plain LANG-LANG modes; variants (spa-eng_US) and special modes (eco-fr-es) are left out.
  private static final Pattern PLAIN_MODE = Pattern.compile("[a-z]{2,3}-[a-z]{2,3}");

  /**
   * Debian packages that provide a direction (ISO 639-1 pairs), for the message that says what to
   * install. From {@code apt-cache search apertium} on Debian 12.
   */
  static final Map<String, String> DEBIAN_PACKAGES =
      Map.ofEntries(
          Map.entry("es-en", "apertium-eng-spa"),
          Map.entry("en-es", "apertium-eng-spa"),
          Map.entry("fr-es", "apertium-fr-es"),
          Map.entry("es-fr", "apertium-fr-es"),
          Map.entry("pt-es", "apertium-es-pt"),
          Map.entry("es-pt", "apertium-es-pt"),
          Map.entry("it-es", "apertium-spa-ita cg3"),
          Map.entry("es-it", "apertium-spa-ita cg3"),
          Map.entry("ca-en", "apertium-eng-cat"),
          Map.entry("en-ca", "apertium-eng-cat"),
          Map.entry("gl-en", "apertium-en-gl"),
          Map.entry("en-gl", "apertium-en-gl"),
          Map.entry("eu-en", "apertium-eu-en"));

  /** The pivot tried when no direct package exists: Spanish has the most pairs in Debian. */
  static final String PIVOT = "es";

  // from (ISO 639-1) -> to (ISO 639-1) -> mode name
  private final Map<String, Map<String, String>> modes = new TreeMap<>();

  ApertiumRoutes(List<String> installedModes) {
    for (String mode : installedModes) {
      String name = mode.trim();
      if (!PLAIN_MODE.matcher(name).matches()) {
        continue;
      }
      String[] ends = name.split("-");
      Optional<String> from = LanguageCodes.iso1(ends[0]);
      Optional<String> to = LanguageCodes.iso1(ends[1]);
      if (from.isPresent() && to.isPresent()) {
        modes.computeIfAbsent(from.get(), k -> new TreeMap<>()).putIfAbsent(to.get(), name);
      }
    }
  }

  /** The modes to run in order, or empty when no route of one or two pairs is installed. */
  Optional<List<String>> route(String from, String to) {
    Map<String, String> out = modes.getOrDefault(from, Map.of());
    if (out.containsKey(to)) {
      return Optional.of(List.of(out.get(to)));
    }
    List<String> pivots = new ArrayList<>(out.keySet());
    pivots.sort((a, b) -> a.equals(PIVOT) ? -1 : b.equals(PIVOT) ? 1 : a.compareTo(b));
    for (String pivot : pivots) {
      String second = modes.getOrDefault(pivot, Map.of()).get(to);
      if (second != null) {
        return Optional.of(List.of(out.get(pivot), second));
      }
    }
    return Optional.empty();
  }

  /**
   * The Debian packages that would give a route, direct or through {@value #PIVOT}; empty when
   * Debian packages none.
   */
  static Optional<String> packagesFor(String from, String to) {
    String direct = DEBIAN_PACKAGES.get(from + "-" + to);
    if (direct != null) {
      return Optional.of(direct);
    }
    String first = DEBIAN_PACKAGES.get(from + "-" + PIVOT);
    String second = DEBIAN_PACKAGES.get(PIVOT + "-" + to);
    if (first != null && second != null) {
      return Optional.of(first + " " + second);
    }
    return Optional.empty();
  }
}
