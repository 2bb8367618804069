package io.conserver.functions.translate.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.secrets.SecretRefs;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The engines this package ships, by the name a declaration uses. */
public final class Translators {
  /** The engine used when the stage names none: offline, no account needed. */
  public static final String DEFAULT_ENGINE = "apertium";

  private final Map<String, TranslatorProvider> providers = new TreeMap<>();

  public Translators() {
    ServiceLoader.load(TranslatorProvider.class, Translators.class.getClassLoader())
        .forEach(provider -> providers.put(provider.engine(), provider));
  }

  /** The engine the options name ({@code options.engine}, default {@value #DEFAULT_ENGINE}). */
  public Translator create(ObjectNode options, SecretRefs secrets) throws TranslationException {
    String engine = options.path("engine").asText(DEFAULT_ENGINE);
    TranslatorProvider provider = providers.get(engine);
    if (provider == null) {
      throw new TranslationException(
          TranslationException.Kind.CONFIGURATION,
          "unknown translation engine '" + engine + "'; this package has " + providers.keySet());
    }
    return provider.create(options, secrets);
  }
}
