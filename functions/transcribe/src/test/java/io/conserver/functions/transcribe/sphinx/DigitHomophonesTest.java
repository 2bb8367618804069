package io.conserver.functions.transcribe.sphinx;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.functions.transcribe.engine.Transcript.Word;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DigitHomophonesTest {
  private static String restore(String text) {
    List<Word> words = Arrays.stream(text.split(" ")).map(w -> new Word(w, 0, 0, 1, -1)).toList();
    return DigitHomophones.restore(words).stream().map(Word::text).collect(Collectors.joining(" "));
  }

  @Test
  void homophonesInsideADigitStringBecomeDigits() {
    assertThat(restore("card four one one one to to to to please"))
        .isEqualTo("card four one one one two two two two please");
    assertThat(restore("call for won ate nine three")).isEqualTo("call four one eight nine three");
  }

  @Test
  void shortRunsKeepTheirWords() {
    assertThat(restore("five to seven business days")).isEqualTo("five to seven business days");
    assertThat(restore("thanks for one thing")).isEqualTo("thanks for one thing");
    assertThat(restore("talk to you")).isEqualTo("talk to you");
  }
}
