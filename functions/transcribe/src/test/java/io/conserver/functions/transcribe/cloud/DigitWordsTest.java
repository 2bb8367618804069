package io.conserver.functions.transcribe.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.functions.transcribe.engine.Transcript;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DigitWordsTest {
  @Test
  void aDigitToken_becomesOneWordPerDigit_sharingItsTimeEvenly() {
    Transcript t =
        new Transcript(
            "call 555-0100 now",
            "en-US",
            List.of(
                new Transcript.Word("call", 0.0, 0.4, 0.9, 1),
                new Transcript.Word("555-0100", 0.5, 1.2, 0.8, 1),
                new Transcript.Word("now", 1.3, 1.5, 0.9, 1)),
            Optional.empty());

    Transcript spelled = DigitWords.spell(t);

    assertThat(spelled.text()).isEqualTo("call five five five zero one zero zero now");
    assertThat(spelled.words()).hasSize(9);
    assertThat(spelled.words().get(1)).isEqualTo(new Transcript.Word("five", 0.5, 0.6, 0.8, 1));
    assertThat(spelled.words().get(7).text()).isEqualTo("zero");
    assertThat(spelled.words().get(7).end()).isEqualTo(1.2);
    assertThat(spelled.words().get(8).text()).isEqualTo("now");
  }

  @Test
  void trailingPunctuationStays_andOtherNumberFormsAreLeftAlone() {
    assertThat(DigitWords.spellText("It is 4111, then 3rd, $5 and 2.5."))
        .isEqualTo("It is four one one one, then 3rd, $5 and 2.5.");
    assertThat(DigitWords.spellText("")).isEmpty();
    assertThat(DigitWords.spellText("no numbers here")).isEqualTo("no numbers here");
  }
}
