package io.conserver.functions.transcribe.sphinx;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.functions.transcribe.engine.Transcript.Word;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class SphinxOutputTest {
  // As printed by pocketsphinx_continuous 0.8+5prealpha -time yes (two utterances).
  private static final String OUTPUT =
      """
      hello my card number is four
      <s> 0.000 0.150 0.999600
      hello(2) 0.160 0.410 0.733494
      my 0.420 0.600 0.999500
      [NOISE] 0.600 0.610 0.500000
      card 0.610 0.900 0.907818
      number 0.910 1.270 0.999600
      is 1.280 1.600 0.428271
      <sil> 1.610 1.630 0.643360
      four 1.640 1.930 0.032808
      </s> 1.940 2.000 1.000000
      please
      please 10.370 10.610 1.000100
      """;

  @Test
  void keepsWordsWithTheirTimesAndDropsFillersAndHypothesisLines() throws Exception {
    List<Word> words = SphinxOutput.read(new BufferedReader(new StringReader(OUTPUT)));
    assertThat(words)
        .extracting(Word::text)
        .containsExactly("hello", "my", "card", "number", "is", "four", "please");
    assertThat(words.get(0).start()).isEqualTo(0.16);
    assertThat(words.get(0).end()).isEqualTo(0.41);
    assertThat(words.get(0).confidence()).isEqualTo(0.733494);
    assertThat(words.get(6).start()).isEqualTo(10.37); // times run on across utterances
    assertThat(words.get(6).confidence()).isEqualTo(1.0); // clamped
    assertThat(words).allSatisfy(w -> assertThat(w.speaker()).isEqualTo(-1));
  }
}
