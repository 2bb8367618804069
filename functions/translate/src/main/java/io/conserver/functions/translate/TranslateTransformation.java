package io.conserver.functions.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.translate.LanguageResolver.Resolved;
import io.conserver.functions.translate.engine.TranslationException;
import io.conserver.functions.translate.engine.Translator;
import io.conserver.functions.translate.engine.Translators;
import io.conserver.functions.translate.langid.LanguageIdentifier;
import io.conserver.platform.outside.ThirdPartyPolicy;
import io.conserver.platform.outside.TrustBoundary;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.runner.Usage;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.vcon.Vcon;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The translate stage: identifies the language of every transcript and plain-text dialog of the
 * vCon (offline), and adds a {@code translation} analysis for each one that is not already in the
 * pipeline's {@code target_language}, from the engine the stage names ({@code apertium} by
 * default). Texts left alone are recorded with the reason: already in the target language, language
 * not identifiable, not plain text, already translated by this engine, a language the engine cannot
 * translate. When nothing is translated the vCon passes through unchanged (skipped).
 *
 * <p>Third-party engines run only with the stage's opt-in ({@link ThirdPartyPolicy}) and each
 * transfer is a ledger entry. Failures: an engine that is down or slow is retried; one that is
 * misconfigured is retried and then quarantined with what to fix; a text the engine refuses
 * quarantines the vCon at once.
 */
public final class TranslateTransformation implements Transformation {
  /** Makes the engine a stage names; the default finds providers by ServiceLoader. */
  @FunctionalInterface
  interface Engines {
    Translator create(ObjectNode options, SecretRefs secrets) throws TranslationException;
  }

  private final SecretRefs secrets;
  private final Engines engines;
  private volatile LanguageIdentifier identifier;

  public TranslateTransformation() {
    this(SecretRefs.system(), new Translators()::create);
  }

  TranslateTransformation(SecretRefs secrets, Engines engines) {
    this.secrets = secrets;
    this.engines = engines;
  }

  @Override
  public String function() {
    return "translate";
  }

  @Override
  public StageResult apply(StageInput input) throws Exception {
    try {
      return translate(input);
    } catch (TranslationException e) {
      if (e.kind() == TranslationException.Kind.CONFIGURATION) {
        throw new StageMisconfiguredException(e.getMessage(), e);
      }
      throw e;
    }
  }

  private StageResult translate(StageInput input) throws Exception {
    Vcon vcon = input.vcon();
    TranslateOptions options = TranslateOptions.of(input.options());
    String target = options.targetLanguage();
    SourceTexts.Found found = SourceTexts.in(vcon);
    List<String> warnings = new ArrayList<>(found.skipped());
    List<Resolved> pending = new ArrayList<>();
    for (Resolved resolved :
        new LanguageResolver(identifier(), options.languages()).resolve(found.texts())) {
      String reference = resolved.text().reference();
      if (resolved.language().isEmpty()) {
        warnings.add(reference + ": skipped: language not identified (text too short)");
      } else if (resolved.language().get().equals(target)) {
        warnings.add(reference + ": skipped: already in " + target);
      } else {
        pending.add(resolved);
      }
    }
    if (pending.isEmpty()) {
      return skipped(
          vcon,
          found.texts().isEmpty() ? "no text to translate" : "nothing to translate into " + target,
          warnings);
    }
    try (Translator engine = engines.create(input.options(), secrets)) {
      ThirdPartyPolicy.check(
          input.stage(), engine.boundary(), engine.vendor(), vcon.redacted().isPresent());
      Vcon.Builder output = vcon.toBuilder();
      int added = 0;
      for (Resolved resolved : pending) {
        Optional<String> translated = translate(vcon, engine, resolved, target, warnings);
        if (translated.isPresent()) {
          String from = resolved.language().orElseThrow();
          output.addAnalysis(
              TranslationEntries.entry(resolved.text(), from, target, translated.get(), engine));
          added++;
        }
      }
      if (added == 0) {
        return skipped(vcon, "nothing new to translate into " + target, warnings);
      }
      return StageResult.of(output.build(), warnings, Usage.NONE);
    }
  }

  // One text: the translation, or empty with the reason in the warnings.
  private static Optional<String> translate(
      Vcon vcon, Translator engine, Resolved resolved, String target, List<String> warnings)
      throws TranslationException, InvalidInputException {
    SourceText text = resolved.text();
    String from = resolved.language().orElseThrow();
    if (TranslationEntries.exists(vcon, text, target, engine)) {
      warnings.add(text.reference() + ": skipped: already translated by " + engine.vendor());
      return Optional.empty();
    }
    Translator.Translation translation;
    try {
      translation = engine.translate(text.text(), from, target);
    } catch (TranslationException e) {
      switch (e.kind()) {
        case UNSUPPORTED_LANGUAGE:
          warnings.add(text.reference() + ": skipped: " + e.getMessage());
          return Optional.empty();
        case REJECTED_INPUT:
          throw new InvalidInputException(
              engine.vendor() + " refused the text of " + text.reference(),
              List.of(text.reference() + ": " + e.getMessage()));
        default:
          throw e;
      }
    }
    warnings.add(
        text.reference()
            + ": translated "
            + from
            + "->"
            + target
            + " ("
            + resolved.basis().map(b -> b.name().toLowerCase(java.util.Locale.ROOT)).orElse("")
            + ") by "
            + engine.vendor()
            + " "
            + translation.route());
    if (engine.boundary() == TrustBoundary.THIRD_PARTY) {
      warnings.add(
          ThirdPartyPolicy.transferRecord(
              engine.vendor(), text.reference(), text.text().length(), "chars"));
    }
    return Optional.of(translation.text());
  }

  private static StageResult skipped(Vcon vcon, String reason, List<String> warnings) {
    return new StageResult(vcon, warnings, Usage.NONE, Optional.of(reason));
  }

  // The model takes about 0.7 s and 30 MB to load: once per instance, on first use.
  private LanguageIdentifier identifier() {
    LanguageIdentifier loaded = identifier;
    if (loaded == null) {
      synchronized (this) {
        loaded = identifier;
        if (loaded == null) {
          loaded = LanguageIdentifier.load();
          identifier = loaded;
        }
      }
    }
    return loaded;
  }
}
