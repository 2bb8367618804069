package io.conserver.functions.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.translate.engine.TranslationException;
import io.conserver.functions.translate.engine.TranslationException.Kind;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The stage's own options: {@code target_language} (ISO 639-1, default {@code en}) and {@code
 * languages}, the languages the identifier chooses among (default en, es, fr, de, pt, it; the
 * target is always one of them). Engine options ({@code engine}, credentials...) are read by the
 * engine's provider.
 */
record TranslateOptions(String targetLanguage, Set<String> languages) {
  static final List<String> DEFAULT_LANGUAGES = List.of("en", "es", "fr", "de", "pt", "it");
  private static final Pattern ISO1 = Pattern.compile("[a-z]{2}");

  static TranslateOptions of(ObjectNode options) throws TranslationException {
    String target = code(options.path("target_language").asText("en"), "target_language");
    Set<String> languages = new LinkedHashSet<>();
    JsonNode listed = options.path("languages");
    if (listed.isMissingNode()) {
      languages.addAll(DEFAULT_LANGUAGES);
    } else if (!listed.isArray() || listed.isEmpty()) {
      throw new TranslationException(
          Kind.CONFIGURATION, "translate stage: languages must be a non-empty array");
    } else {
      for (JsonNode language : listed) {
        languages.add(code(language.asText(), "languages"));
      }
    }
    languages.add(target);
    return new TranslateOptions(target, Set.copyOf(languages));
  }

  private static String code(String value, String option) throws TranslationException {
    String lower = value.toLowerCase(Locale.ROOT);
    if (!ISO1.matcher(lower).matches()) {
      throw new TranslationException(
          Kind.CONFIGURATION,
          "translate stage: " + option + " takes ISO 639-1 codes such as \"en\", not " + value);
    }
    return lower;
  }
}
