package io.conserver.functions.translate.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.secrets.SecretRefs;

/**
 * Makes one engine from a stage's options ({@code "engine": "deepl", ...}). Providers are found
 * with {@link java.util.ServiceLoader}, so a package carries only the engines it ships and the
 * stage never names an engine class. Credentials come as references resolved through {@link
 * SecretRefs}, never inline in the declaration.
 */
public interface TranslatorProvider {
  /** The name a pipeline declaration uses in {@code options.engine}. */
  String engine();

  /**
   * @throws TranslationException of kind {@link TranslationException.Kind#CONFIGURATION} when the
   *     options are wrong or a credential reference names nothing
   */
  Translator create(ObjectNode options, SecretRefs secrets) throws TranslationException;
}
