package io.conserver.functions.transcribe.cloud.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.transcribe.cloud.ContractServer.Answer;
import io.conserver.functions.transcribe.cloud.TestAudio;
import io.conserver.functions.transcribe.engine.Progress;
import io.conserver.functions.transcribe.engine.Transcriber;
import io.conserver.functions.transcribe.engine.Transcript;
import io.conserver.functions.transcribe.engine.TranscriptionException;
import io.conserver.functions.transcribe.engine.TranscriptionRequest;
import io.conserver.platform.outside.TrustBoundary;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.vendor.VendorHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sound.sampled.AudioInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiTranscriberTest {
  private OpenAiFake fake;

  @BeforeEach
  void start() throws IOException {
    fake = new OpenAiFake();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private Transcriber engine(String key, Integer pieceSeconds) throws Exception {
    ObjectNode options = VendorHttp.json().createObjectNode();
    options.put("api_key", "config:openai.key").put("endpoint", fake.server.uri().toString());
    if (pieceSeconds != null) {
      options.put("piece_seconds", pieceSeconds);
    }
    return new OpenAiProvider()
        .create(options, new SecretRefs(n -> null, Map.of("openai.key", key)::get));
  }

  /** Four tone "words" at known times, with silence between (10 ms per character). */
  private static final String FOUR_WORDS =
      "_".repeat(20)
          + "#".repeat(40) // 0.2-0.6
          + "_".repeat(40)
          + "#".repeat(55) // 1.0-1.55
          + "_".repeat(75)
          + "#".repeat(70) // 2.3-3.0
          + "_".repeat(90)
          + "#".repeat(60) // 3.9-4.5
          + "_".repeat(50); // to 5.0

  @Test
  void longAudio_isSentInBoundedPiecesCutInSilence_andWordsKeepTheRecordingsClock()
      throws Exception {
    Progress progress =
        engine(OpenAiFake.KEY, 2).transcribe(TestAudio.frames(FOUR_WORDS).request("en-US"));

    assertThat(fake.server.received()).hasSize(3);
    assertThat(fake.server.received())
        .allSatisfy(
            r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + OpenAiFake.KEY));
    assertThat(fake.forms)
        .allSatisfy(
            form -> {
              assertThat(text(form, "model")).isEqualTo("whisper-1");
              assertThat(text(form, "response_format")).isEqualTo("verbose_json");
              assertThat(text(form, "timestamp_granularities[]")).isEqualTo("word");
              assertThat(text(form, "language")).isEqualTo("en");
              assertThat(form.get("file").length).isLessThanOrEqualTo(2 * 32_000 + 44);
            });
    Transcript t = ((Progress.Done) progress).transcript();
    assertThat(t.text()).isEqualTo("w400 w550 w700 w600");
    assertThat(t.language()).isEqualTo("en-US");
    assertThat(t.words())
        .extracting(Transcript.Word::text)
        .containsExactly("w400", "w550", "w700", "w600");
    double[][] expected = {{0.2, 0.6}, {1.0, 1.55}, {2.3, 3.0}, {3.9, 4.5}};
    for (int i = 0; i < expected.length; i++) {
      assertThat(t.words().get(i).start()).isCloseTo(expected[i][0], within(1e-6));
      assertThat(t.words().get(i).end()).isCloseTo(expected[i][1], within(1e-6));
      assertThat(t.words().get(i).confidence()).isEqualTo(OpenAiTranscriber.UNKNOWN_CONFIDENCE);
      assertThat(t.words().get(i).speaker()).isEqualTo(-1);
    }
  }

  @Test
  void aRecordingOver25MB_goesAsPiecesUnderTheLimit_streamedFromAGenerator() throws Exception {
    // 25 minutes of 16 kHz mono (48 MB of PCM), a 1 s tone every minute at 30 s past.
    long seconds = 25 * 60;
    TranscriptionRequest request =
        new TranscriptionRequest("c", 0, 0, generated(seconds), Optional.empty(), 0);

    Transcript t = ((Progress.Done) engine(OpenAiFake.KEY, null).transcribe(request)).transcript();

    assertThat(fake.forms).hasSize(3);
    assertThat(fake.forms)
        .allSatisfy(f -> assertThat(f.get("file").length).isLessThan(OpenAiFake.MAX_FILE));
    assertThat(t.words()).hasSize(25);
    for (int k = 0; k < 25; k++) {
      assertThat(t.words().get(k).start()).as("word %d", k).isCloseTo(30.0 + 60 * k, within(0.011));
      assertThat(t.words().get(k).text()).isEqualTo("w1000");
    }
    assertThat(t.language()).isEqualTo("en");
  }

  @Test
  void aWrongKey_isPermanent_withoutTheKeyInTheMessage() throws Exception {
    assertThatThrownBy(
            () -> engine("sk-wrong-1234", 2).transcribe(TestAudio.tone(1).request("en-US")))
        .isInstanceOfSatisfying(
            TranscriptionException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.PERMANENT);
              assertThat(e.getMessage()).contains("401").doesNotContain("sk-wrong-1234");
            });
  }

  @Test
  void aRateLimitOnALaterPiece_isTransient_andLeavesNoSpooledPieceBehind() throws Exception {
    fake.server.failNext(Answer.json(200, "{\"text\":\"\",\"words\":[]}"));
    fake.server.failNext(
        new Answer(
            429,
            Map.of("Retry-After", "20", "Content-Type", "application/json"),
            "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"
                .getBytes(StandardCharsets.UTF_8)));
    long before = spooledPieces();

    assertThatThrownBy(
            () ->
                engine(OpenAiFake.KEY, 2).transcribe(TestAudio.frames(FOUR_WORDS).request("en-US")))
        .isInstanceOfSatisfying(
            TranscriptionException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.TRANSIENT);
              assertThat(e.getMessage())
                  .contains("429")
                  .contains("retry after 20 s")
                  .contains("Rate limit reached");
            });
    assertThat(fake.server.received()).hasSize(2);
    assertThat(spooledPieces()).isEqualTo(before);
  }

  @Test
  void theEngine_isAThirdParty_andOpenAisLanguageNamesBecomeTags() throws Exception {
    assertThat(engine(OpenAiFake.KEY, 2).boundary()).isEqualTo(TrustBoundary.THIRD_PARTY);
    assertThat(OpenAiTranscriber.languageTagOf("english")).isEqualTo("en");
    assertThat(OpenAiTranscriber.languageTagOf("German")).isEqualTo("de");
    assertThat(OpenAiTranscriber.languageTagOf("klingon")).isEqualTo("und");
    assertThat(OpenAiTranscriber.languageTagOf(null)).isEqualTo("und");
  }

  @Test
  void aPieceLongerThanTheUploadLimitAllows_isRefusedAsAnOption() {
    ObjectNode options =
        VendorHttp.json().createObjectNode().put("api_key", "env:K").put("piece_seconds", 900);

    assertThatThrownBy(
            () ->
                new OpenAiProvider()
                    .create(options, new SecretRefs(Map.of("K", "x")::get, n -> null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("piece_seconds");
  }

  private static long spooledPieces() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(p -> p.getFileName().toString().startsWith("asr-piece-")).count();
    }
  }

  private static String text(Map<String, byte[]> form, String name) {
    return new String(form.get(name), StandardCharsets.UTF_8);
  }

  /** PCM made on the fly, never held: silence with a 1 s tone at 30 s past every minute. */
  private static TranscriptionRequest.Audio generated(long seconds) {
    return new TranscriptionRequest.Audio() {
      @Override
      public AudioInputStream pcm16kMono() {
        long samples = seconds * 16_000;
        InputStream gen =
            new InputStream() {
              long at; // byte position

              @Override
              public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
              }

              @Override
              public int read(byte[] b, int off, int len) {
                if (at >= samples * 2) {
                  return -1;
                }
                int n = (int) Math.min(len - len % 2, samples * 2 - at);
                for (int i = 0; i < n; i += 2) {
                  long sample = (at + i) / 2;
                  long inMinute = sample % (60 * 16_000);
                  short s =
                      inMinute >= 30 * 16_000 && inMinute < 31 * 16_000
                          ? (short) (8000 * Math.sin(2 * Math.PI * 440 * sample / 16_000.0))
                          : 0;
                  b[off + i] = (byte) s;
                  b[off + i + 1] = (byte) (s >> 8);
                }
                at += n;
                return n;
              }
            };
        return new AudioInputStream(gen, TestAudio.PCM16K, samples);
      }

      @Override
      public InputStream original() {
        throw new UnsupportedOperationException("the engine uses the decoded audio");
      }

      @Override
      public String mediatype() {
        return "audio/wav";
      }

      @Override
      public long size() {
        return -1;
      }

      @Override
      public String contentHash() {
        return "sha512-generated";
      }

      @Override
      public Optional<URI> location() {
        return Optional.empty();
      }
    };
  }

  @Test
  void theFakesMultipartReader_readsWhatTheEngineWrites() throws Exception {
    Multipart form = new Multipart();
    form.field("model", "whisper-1");
    Path pcm = Files.createTempFile("asr-test-", ".pcm");
    try {
      Files.write(pcm, new byte[] {1, 2, 3, 4});
      var publisher = form.withWav("file", "a.wav", pcm);
      assertThat(publisher.contentLength()).isPositive();
      byte[] wav = Multipart.wavHeader(4);
      assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
      assertThat(List.of(wav.length)).containsExactly(44);
    } finally {
      Files.delete(pcm);
    }
  }
}
