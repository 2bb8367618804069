package io.conserver.functions.translate.langid;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;

/**
 * Two- and three-letter language codes. The stage speaks ISO 639-1 ({@code es}); the language model
 * and some engines (apertium's {@code spa-eng}) use ISO 639-3 terminology codes, which for the
 * languages concerned are the JDK's {@link Locale#getISO3Language()}.
 */
public final class LanguageCodes {
  private static final Map<String, String> ISO3_TO_ISO1 = iso3ToIso1();

  private LanguageCodes() {}

  /** The ISO 639-1 code of a two- or three-letter code, if it has one. */
  public static Optional<String> iso1(String code) {
    String lower = code.toLowerCase(Locale.ROOT);
    if (lower.length() == 2) {
      return Optional.of(lower);
    }
    return Optional.ofNullable(ISO3_TO_ISO1.get(lower));
  }

  /** The primary language subtag of a BCP 47 tag ({@code en-US} → {@code en}), lower case. */
  public static String primary(String tag) {
    int dash = tag.indexOf('-');
    String primary = dash < 0 ? tag : tag.substring(0, dash);
    return primary.toLowerCase(Locale.ROOT);
  }

  private static Map<String, String> iso3ToIso1() {
    Map<String, String> map = new HashMap<>();
    for (String iso1 : Locale.getISOLanguages()) {
      try {
        map.put(new Locale(iso1).getISO3Language(), iso1);
      } catch (MissingResourceException e) {
        // no three-letter form: nothing to map
      }
    }
    return Map.copyOf(map);
  }
}
