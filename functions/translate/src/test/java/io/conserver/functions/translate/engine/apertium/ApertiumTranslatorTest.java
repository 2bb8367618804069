package io.conserver.functions.translate.engine.apertium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.functions.translate.engine.TranslationException;
import io.conserver.functions.translate.engine.Translator.Translation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real Debian apertium binary with the pairs .ci/run installs (apertium-eng-spa,
 * apertium-fr-es, apertium-es-pt, apertium-spa-ita, cg3). Rule-based output is rough: the
 * assertions look for the words that carry the meaning, not for a perfect sentence.
 */
class ApertiumTranslatorTest {
  private final ApertiumTranslator apertium = new ApertiumTranslator(Duration.ofSeconds(30));

  @Test
  void spanishToEnglish_directPair() throws Exception {
    Translation t =
        apertium.translate("Hola, quiero cancelar mi suscripción, por favor.", "es", "en");
    assertThat(t.text()).containsIgnoringCase("cancel").contains("subscription");
    assertThat(t.route()).isEqualTo("spa-eng");
    assertThat(t.requests()).isEqualTo(1);
  }

  @Test
  void frenchPortugueseItalianToEnglish_throughSpanish() throws Exception {
    Translation fr = apertium.translate("Je voudrais annuler mon abonnement.", "fr", "en");
    assertThat(fr.text()).contains("subscription");
    assertThat(fr.route()).isEqualTo("fr-es|spa-eng");
    assertThat(apertium.translate("O meu cartão foi recusado ontem.", "pt", "en").text())
        .contains("card")
        .contains("yesterday");
    assertThat(apertium.translate("La fattura di questo mese è sbagliata.", "it", "en").text())
        .contains("month");
  }

  @Test
  void keepsTheLayoutOfTheInput_noTrailingNewlineAdded() throws Exception {
    assertThat(apertium.translate("Gracias.", "es", "en").text()).isEqualTo("Thank you.");
  }

  @Test
  void germanToEnglish_isUnsupported_becauseNoDebianPackageHasIt() {
    assertThatThrownBy(
            () -> apertium.translate("Guten Tag, meine Rechnung ist falsch.", "de", "en"))
        .isInstanceOfSatisfying(
            TranslationException.class,
            e -> assertThat(e.kind()).isEqualTo(TranslationException.Kind.UNSUPPORTED_LANGUAGE))
        .hasMessageContaining("no Debian package");
  }

  @Test
  void englishToCatalan_isAConfigurationError_namingThePackageToInstall() {
    // apertium-eng-cat is packaged but not installed here.
    assertThatThrownBy(() -> apertium.translate("Hello", "en", "ca"))
        .isInstanceOfSatisfying(
            TranslationException.class,
            e -> assertThat(e.kind()).isEqualTo(TranslationException.Kind.CONFIGURATION))
        .hasMessageContaining("apt-get install -y apertium-eng-cat");
  }

  @Test
  void missingBinary_isAConfigurationError_sayingWhatToInstall() {
    ApertiumTranslator missing =
        new ApertiumTranslator("/nonexistent/apertium", Duration.ofSeconds(5));
    assertThatThrownBy(() -> missing.translate("Hola", "es", "en"))
        .isInstanceOfSatisfying(
            TranslationException.class,
            e -> assertThat(e.kind()).isEqualTo(TranslationException.Kind.CONFIGURATION))
        .hasMessageContaining("apt-get install -y apertium apertium-eng-spa");
  }

  @Test
  void aCommandPastItsDeadline_isKilled_andReportedAsATimeout() {
    assertThatThrownBy(() -> Subprocess.run(List.of("sleep", "30"), "", Duration.ofMillis(200)))
        .isInstanceOf(Subprocess.TimeoutException.class)
        .hasMessageContaining("sleep did not finish");
  }

  @Test
  void aLargeInput_doesNotDeadlockThePipes() throws Exception {
    String big = "x".repeat(2_000_000);
    Subprocess.Result result = Subprocess.run(List.of("cat"), big, Duration.ofSeconds(30));
    assertThat(result.stdout()).hasSize(big.length());
  }
}
