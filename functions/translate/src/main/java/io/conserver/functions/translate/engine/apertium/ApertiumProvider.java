package io.conserver.functions.translate.engine.apertium;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.translate.engine.TranslationException;
import io.conserver.functions.translate.engine.Translator;
import io.conserver.functions.translate.engine.TranslatorProvider;
import io.conserver.platform.secrets.SecretRefs;
import java.time.Duration;

/**
 * {@code "engine": "apertium"} (the default). Option {@code engine_timeout_s}: the deadline of one
 * apertium run (default 30).
 */
public final class ApertiumProvider implements TranslatorProvider {
  static final int DEFAULT_TIMEOUT_S = 30;

  @Override
  public String engine() {
    return "apertium";
  }

  @Override
  public Translator create(ObjectNode options, SecretRefs secrets) throws TranslationException {
    int seconds = options.path("engine_timeout_s").asInt(DEFAULT_TIMEOUT_S);
    if (seconds < 1) {
      throw new TranslationException(
          TranslationException.Kind.CONFIGURATION, "engine_timeout_s must be at least 1");
    }
    return new ApertiumTranslator(Duration.ofSeconds(seconds));
  }
}
