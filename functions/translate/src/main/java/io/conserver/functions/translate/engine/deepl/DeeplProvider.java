package io.conserver.functions.translate.engine.deepl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.translate.engine.TranslationException;
import io.conserver.functions.translate.engine.TranslationException.Kind;
import io.conserver.functions.translate.engine.Translator;
import io.conserver.functions.translate.engine.TranslatorProvider;
import io.conserver.functions.translate.engine.http.Endpoint;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code "engine": "deepl"}. Options: {@code auth_key_ref} (required, {@code env:NAME} or {@code
 * config:key}), {@code endpoint} (default: {@code https://api-free.deepl.com} for Free keys, which
 * end in {@code :fx}, else {@code https://api.deepl.com}), {@code target_variants} (default {@code
 * {"en": "EN-US", "pt": "PT-PT"}}), {@code engine_timeout_s} (default 30). The stage also needs
 * {@code "allow_third_party": true}.
 */
public final class DeeplProvider implements TranslatorProvider {
  static final String PRO_ENDPOINT = "https://api.deepl.com";
  static final String FREE_ENDPOINT = "https://api-free.deepl.com";

  @Override
  public String engine() {
    return "deepl";
  }

  @Override
  public Translator create(ObjectNode options, SecretRefs secrets) throws TranslationException {
    String key;
    try {
      key = secrets.resolve("auth_key_ref", options.path("auth_key_ref").asText(""));
    } catch (SecretReferenceException e) {
      throw new TranslationException(Kind.CONFIGURATION, "deepl engine: " + e.getMessage());
    }
    Map<String, String> variants = new HashMap<>(Map.of("en", "EN-US", "pt", "PT-PT"));
    options
        .path("target_variants")
        .fields()
        .forEachRemaining(
            e -> variants.put(e.getKey(), e.getValue().asText().toUpperCase(Locale.ROOT)));
    return new DeeplTranslator(
        Endpoint.of(options, key.endsWith(":fx") ? FREE_ENDPOINT : PRO_ENDPOINT),
        key,
        variants,
        Duration.ofSeconds(options.path("engine_timeout_s").asInt(30)));
  }
}
