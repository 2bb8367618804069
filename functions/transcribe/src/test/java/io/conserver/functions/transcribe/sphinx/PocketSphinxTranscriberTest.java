package io.conserver.functions.transcribe.sphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.functions.transcribe.BytesAudio;
import io.conserver.functions.transcribe.Speech;
import io.conserver.functions.transcribe.engine.Progress;
import io.conserver.functions.transcribe.engine.Transcript;
import io.conserver.functions.transcribe.engine.TranscriptionException;
import io.conserver.functions.transcribe.engine.TranscriptionException.Kind;
import io.conserver.functions.transcribe.engine.TranscriptionRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real pocketsphinx_continuous on committed speech, fed through the shared decoder. */
class PocketSphinxTranscriberTest {
  @BeforeEach
  void needsTheBinary() {
    Speech.assumeSphinx();
  }

  private static Transcript transcribe(byte[] audio) throws TranscriptionException {
    Progress progress =
        SphinxTesting.engine(Duration.ofSeconds(120)).transcribe(BytesAudio.request(audio));
    assertThat(progress).isInstanceOf(Progress.Done.class);
    return ((Progress.Done) progress).transcript();
  }

  @Test
  void aSpokenCardNumberComesOutAsDigitWordsWithTimes() throws Exception {
    Transcript t = transcribe(Speech.opus("u35"));
    assertThat(t.text())
        .contains("nine one seven four four four two two eight eight")
        .doesNotContainPattern("\\d");
    assertThat(t.language()).isEqualTo("en-US");
    assertThat(t.duration()).hasValueSatisfying(d -> assertThat(d).isBetween(4.0, 12.0));
    double previousEnd = 0;
    for (Transcript.Word w : t.words()) {
      assertThat(w.start()).isGreaterThanOrEqualTo(previousEnd - 1e-9);
      assertThat(w.end()).isGreaterThanOrEqualTo(w.start());
      assertThat(w.confidence()).isBetween(0.0, 1.0);
      assertThat(w.text()).doesNotContain("(").doesNotStartWith("<");
      previousEnd = w.end();
    }
    assertThat(previousEnd).isLessThanOrEqualTo(t.duration().orElseThrow());
  }

  @Test
  void aMissingBinaryIsAPermanentErrorThatSaysHowToInstallIt() {
    assertThatThrownBy(
            () -> SphinxTesting.without().transcribe(BytesAudio.request(Speech.opus("u01"))))
        .isInstanceOfSatisfying(
            TranscriptionException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PERMANENT))
        .hasMessageContaining("apt-get install pocketsphinx pocketsphinx-en-us");
  }

  @Test
  void corruptAudioIsPermanent() {
    byte[] opus = Speech.opus("u01");
    byte[] corrupt = Arrays.copyOf(opus, opus.length);
    Arrays.fill(corrupt, 200, corrupt.length, (byte) 0x5a); // header kept, every page after broken
    assertThatThrownBy(() -> transcribe(corrupt))
        .isInstanceOfSatisfying(
            TranscriptionException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PERMANENT));
  }

  @Test
  void zeroLengthAudioIsPermanent() {
    assertThatThrownBy(() -> transcribe(new byte[0]))
        .isInstanceOfSatisfying(
            TranscriptionException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PERMANENT))
        .hasMessageContaining("empty");
  }

  @Test
  void anEngineThatOverrunsItsTimeIsTransient() {
    // 1 ms: the engine cannot even load its model in that time.
    TranscriptionRequest request = BytesAudio.request(Speech.opus("u01"));
    assertThatThrownBy(() -> SphinxTesting.engine(Duration.ofMillis(1)).transcribe(request))
        .isInstanceOfSatisfying(
            TranscriptionException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT))
        .hasMessageContaining("did not finish");
  }

  @Test
  void anotherLanguageIsRefusedRatherThanTranscribedAsEnglish() {
    TranscriptionRequest spanish =
        new TranscriptionRequest(
            "019f0000-0000-8000-8000-000000000000",
            0,
            -1,
            new BytesAudio(Speech.opus("u01"), "audio/ogg"),
            Optional.of("es-ES"),
            1);
    assertThatThrownBy(() -> SphinxTesting.engine(Duration.ofSeconds(60)).transcribe(spanish))
        .isInstanceOfSatisfying(
            TranscriptionException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PERMANENT))
        .hasMessageContaining("es-ES");
  }
}
