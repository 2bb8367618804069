package io.conserver.functions.translate.langid;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Optional;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;

/**
 * Offline language identification with Apache OpenNLP's language detector and its published
 * 103-language model ({@code langdetect-183.bin}, shipped in a Maven artifact), restricted to the
 * languages a pipeline expects: the best candidate among them wins and its probability is
 * renormalised over them. Restricting helps short call-center sentences, where the full model
 * confuses close languages (see the README for the measured accuracy).
 *
 * <p>Thread-safe: the model is read-only once loaded (about 0.7 s, once per instance).
 */
public final class LanguageIdentifier {
  /** Fewer letters than this and the answer is not trusted alone (a "yes", an "ok"). */
  static final int MIN_LETTERS = 12;

  /**
   * The best candidate must be at least this many times as probable as the second to be trusted
   * alone. The model's probabilities are flat over its 103 languages (a clear short sentence gets
   * 0.02 to 0.06), so the margin between candidates says more than the value; on the labelled set
   * both misidentified sentences had a margin under 1.15.
   */
  static final double MIN_MARGIN = 1.15;

  private static final String MODEL_RESOURCE = "/langdetect-183.bin";
  private final LanguageDetectorModel model;

  private LanguageIdentifier(LanguageDetectorModel model) {
    this.model = model;
  }

  /** Loads the model from the class path. */
  public static LanguageIdentifier load() {
    try (InputStream in = LanguageIdentifier.class.getResourceAsStream(MODEL_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "language model " + MODEL_RESOURCE + " is not on the class path");
      }
      return new LanguageIdentifier(new LanguageDetectorModel(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the language model", e);
    }
  }

  /**
   * The most probable of the candidate languages, or empty when the text has no letters or none of
   * the candidates is among the detector's answers.
   *
   * @param candidates ISO 639-1 codes
   */
  public Optional<Identification> identify(String text, Collection<String> candidates) {
    int letters = (int) text.codePoints().filter(Character::isLetter).count();
    if (letters == 0) {
      return Optional.empty();
    }
    Language[] ranked = new LanguageDetectorME(model).predictLanguages(text);
    String best = null;
    double bestScore = 0;
    double secondScore = 0;
    double total = 0;
    for (Language language : ranked) {
      String code = LanguageCodes.iso1(language.getLang()).orElse(null);
      if (code != null && candidates.contains(code)) {
        total += language.getConfidence();
        if (best == null) {
          best = code;
          bestScore = language.getConfidence();
        } else if (secondScore == 0) {
          secondScore = language.getConfidence();
        }
      }
    }
    if (best == null || total <= 0) {
      return Optional.empty();
    }
    double confidence = bestScore / total;
    boolean clear = secondScore == 0 || bestScore >= MIN_MARGIN * secondScore;
    boolean reliable = letters >= MIN_LETTERS && clear;
    return Optional.of(new Identification(best, confidence, reliable));
  }
}
