package io.conserver.functions.translate.langid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of the offline identifier on the committed labelled set: 120 short call-center
 * sentences, 20 each in en, es, fr, de, pt, it (langid-call-center.tsv), as written (chat) and
 * lower-cased without punctuation (the shape of an ASR transcript). The README reports the numbers
 * printed here.
 */
class LanguageIdentifierAccuracyTest {
  private static final Set<String> SIX = Set.of("en", "es", "fr", "de", "pt", "it");
  private static LanguageIdentifier identifier;
  private static List<String[]> labelled;

  @BeforeAll
  static void load() throws IOException {
    identifier = LanguageIdentifier.load();
    labelled = new ArrayList<>();
    try (InputStream in =
        LanguageIdentifierAccuracyTest.class.getResourceAsStream(
            "/io/conserver/functions/translate/langid-call-center.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          labelled.add(line.split("\t", 2));
        }
      }
    }
  }

  private static double accuracy(boolean transcriptShape) {
    int right = 0;
    for (String[] row : labelled) {
      String text = transcriptShape ? asTranscript(row[1]) : row[1];
      String found = identifier.identify(text, SIX).map(Identification::language).orElse("?");
      if (found.equals(row[0])) {
        right++;
      }
    }
    double accuracy = (double) right / labelled.size();
    System.out.printf(
        Locale.ROOT,
        "language identification (%s): %d/%d = %.1f%%%n",
        transcriptShape ? "transcript shape" : "as written",
        right,
        labelled.size(),
        100 * accuracy);
    return accuracy;
  }

  private static String asTranscript(String text) {
    return text.toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}' ]", " ")
        .replaceAll(" +", " ")
        .strip();
  }

  @Test
  void labelledSet_hasTwentySentencesPerLanguage() {
    for (String language : SIX) {
      assertThat(labelled.stream().filter(row -> row[0].equals(language))).hasSize(20);
    }
  }

  @Test
  void shortCallCenterSentences_asWritten_atLeast95Percent() {
    assertThat(accuracy(false)).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void shortCallCenterSentences_transcriptShape_atLeast95Percent() {
    assertThat(accuracy(true)).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void answersMarkedReliable_areAllRight_onTheLabelledSet() {
    int reliable = 0;
    for (String[] row : labelled) {
      Identification id = identifier.identify(row[1], SIX).orElseThrow();
      if (id.reliable()) {
        reliable++;
        assertThat(id.language()).as(row[1]).isEqualTo(row[0]);
      }
    }
    System.out.printf(
        Locale.ROOT, "language identification: %d/%d marked reliable%n", reliable, labelled.size());
    assertThat(reliable).isGreaterThan(labelled.size() / 2);
  }

  @Test
  void aLongerSentence_isReliable() {
    Identification id =
        identifier
            .identify("Hola, quiero cambiar la dirección de entrega de mi pedido.", SIX)
            .orElseThrow();
    assertThat(id.language()).isEqualTo("es");
    assertThat(id.reliable()).isTrue();
  }

  @Test
  void aOneWordAnswer_isNotTrustedAlone() {
    assertThat(identifier.identify("Sí.", SIX).orElseThrow().reliable()).isFalse();
  }

  @Test
  void textWithoutLetters_isNotIdentified() {
    assertThat(identifier.identify("1234 5678 !!", SIX)).isEmpty();
  }

  @Test
  void candidates_restrictTheAnswer() {
    // Catalan is close to Spanish; restricted to en/es the answer must be one of them.
    assertThat(
            identifier
                .identify("Bon dia, vull canviar l'adreça de lliurament.", Set.of("en", "es"))
                .map(Identification::language))
        .hasValueSatisfying(language -> assertThat(language).isIn("en", "es"));
  }
}
