package io.conserver.functions.translate.engine;

import io.conserver.platform.outside.TrustBoundary;

/**
 * One machine-translation engine. The translate stage calls it once per text (a transcript or a
 * text dialog) with the language it identified, and never knows which engine it holds. Engines
 * split long texts to their own request limits.
 */
public interface Translator extends AutoCloseable {
  /** {@code vendor} of the translation analysis entry, e.g. {@code "apertium"} or {@code "aws"}. */
  String vendor();

  /** {@code product} of the translation analysis entry, e.g. {@code "translate"}. */
  String product();

  /** Where the text goes; third-party engines only run where the stage opts in. */
  TrustBoundary boundary();

  /**
   * Translates plain text.
   *
   * @param from ISO 639-1 code of the text's language ({@code es})
   * @param to ISO 639-1 code of the language wanted ({@code en})
   */
  Translation translate(String text, String from, String to) throws TranslationException;

  /** Releases the engine's connections; the stage closes every engine it made. */
  @Override
  default void close() {}

  /**
   * A translated text and how it was obtained.
   *
   * @param route how the engine got there, for the ledger ({@code spa-eng}, or {@code
   *     fr-es|spa-eng} through a pivot language); never personal data
   * @param requests how many calls the engine made (one per chunk or batch)
   */
  record Translation(String text, String route, int requests) {}
}
