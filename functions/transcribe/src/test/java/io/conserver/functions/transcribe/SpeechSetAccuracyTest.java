package io.conserver.functions.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.functions.transcribe.engine.Progress;
import io.conserver.functions.transcribe.quality.SpeechSet;
import io.conserver.functions.transcribe.quality.WordErrorRate;
import io.conserver.functions.transcribe.sphinx.SphinxTesting;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Accuracy guard (not a timing): the offline engine on a few utterances of the dev part stays under
 * a generous word error rate. The reported figure comes from the held-out part, measured by the
 * benchmark command (see docs/BENCHMARKS.md).
 */
class SpeechSetAccuracyTest {
  private static final List<String> SAMPLE = List.of("u01", "u10", "u20", "u25", "u28", "u34");

  @Test
  void theSplitIsFixedAndEveryUtteranceHasItsAudio() {
    SpeechSet set = Speech.set();
    assertThat(set.utterances()).hasSize(36);
    assertThat(set.part("heldout")).hasSize(12);
    assertThat(set.part("dev")).hasSize(24);
    assertThat(set.utterances())
        .allSatisfy(u -> assertThat(Files.isRegularFile(u.audio())).isTrue());
  }

  @Test
  void wordErrorRateOnADevSampleStaysUnderAGenerousBound() throws Exception {
    Speech.assumeSphinx();
    WordErrorRate.Errors total = new WordErrorRate.Errors(0, 0);
    for (String id : SAMPLE) {
      Progress progress =
          SphinxTesting.engine(Duration.ofSeconds(120))
              .transcribe(BytesAudio.request(Speech.opus(id)));
      String text = ((Progress.Done) progress).transcript().text();
      total = total.plus(WordErrorRate.of(Speech.reference(id), text));
    }
    assertThat(total.referenceWords()).isGreaterThan(50);
    assertThat(total.rate()).isLessThan(0.30);
  }

  @Test
  void wordErrorRateCountsSubstitutionsDeletionsAndInsertions() {
    assertThat(WordErrorRate.of("a b c d", "a b c d").edits()).isZero();
    assertThat(WordErrorRate.of("a b c d", "a x c d").edits()).isEqualTo(1);
    assertThat(WordErrorRate.of("a b c d", "a c d").edits()).isEqualTo(1);
    assertThat(WordErrorRate.of("a b c d", "a b b c d e").edits()).isEqualTo(2);
    assertThat(WordErrorRate.of("Hello, World", "hello world").rate()).isZero();
  }
}
