package io.conserver.functions.transcribe.cloud.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.transcribe.cloud.ContractServer.Answer;
import io.conserver.functions.transcribe.cloud.ContractServer.Received;
import io.conserver.functions.transcribe.cloud.TestAudio;
import io.conserver.functions.transcribe.engine.Progress;
import io.conserver.functions.transcribe.engine.Transcriber;
import io.conserver.functions.transcribe.engine.TranscriberProvider;
import io.conserver.functions.transcribe.engine.Transcript;
import io.conserver.functions.transcribe.engine.TranscriptionException;
import io.conserver.platform.outside.TrustBoundary;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.vendor.VendorHttp;
import java.net.URI;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeepgramTranscriberTest {
  private DeepgramFake fake;

  @BeforeEach
  void start() throws Exception {
    fake = new DeepgramFake();
    fake.recognises(
        "hello my card is 4111",
        """
        [{"word":"hello","start":0.52,"end":0.81,"confidence":0.99,"speaker":0,"speaker_confidence":0.6},
         {"word":"my","start":0.9,"end":1.0,"confidence":0.98,"speaker":0,"speaker_confidence":0.6},
         {"word":"card","start":1.0,"end":1.3,"confidence":0.97,"speaker":1,"speaker_confidence":0.7},
         {"word":"is","start":1.3,"end":1.4,"confidence":0.96,"speaker":1,"speaker_confidence":0.7},
         {"word":"4111","start":1.5,"end":2.3,"confidence":0.95,"speaker":1,"speaker_confidence":0.7}]
        """);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private Transcriber engine(String keyEnv) throws SecretReferenceException {
    ObjectNode options = VendorHttp.json().createObjectNode();
    options.put("engine", "deepgram").put("api_key", "env:DG_KEY");
    options.put("endpoint", fake.server.uri().toString());
    SecretRefs secrets = new SecretRefs(Map.of("DG_KEY", keyEnv)::get, k -> null);
    return new DeepgramProvider().create(options, secrets);
  }

  @Test
  void anHttpsLocation_isSentByUrl_withTokenAuthAndWordPreservingFeatures() throws Exception {
    Transcriber engine = engine(DeepgramFake.KEY);
    URI media = URI.create("https://media.example.com/rec/1.wav?X-Amz-Signature=abc");

    Progress progress = engine.transcribe(TestAudio.tone(2.5).at(media).request("en-US"));

    Received sent = fake.server.last();
    assertThat(sent.path()).isEqualTo("/v1/listen");
    assertThat(sent.header("Authorization")).isEqualTo("Token " + DeepgramFake.KEY);
    assertThat(sent.header("Content-Type")).isEqualTo("application/json");
    assertThat(VendorHttp.json().readTree(sent.body()).get("url").asText())
        .isEqualTo(media.toString());
    assertThat(sent.query().split("&"))
        .contains(
            "model=nova-3",
            "punctuate=true",
            "smart_format=false",
            "numerals=false",
            "diarize=true",
            "language=en-US");
    Transcript t = ((Progress.Done) progress).transcript();
    assertThat(t.language()).isEqualTo("en-US");
    assertThat(t.text()).isEqualTo("hello my card is four one one one");
    assertThat(t.words())
        .extracting(Transcript.Word::text)
        .containsExactly("hello", "my", "card", "is", "four", "one", "one", "one");
    assertThat(t.words().get(0)).isEqualTo(new Transcript.Word("hello", 0.52, 0.81, 0.99, 0));
    assertThat(t.words().get(4).start()).isEqualTo(1.5);
    assertThat(t.words().get(7).end()).isEqualTo(2.3);
    assertThat(t.words().get(7).speaker()).isEqualTo(1);
    assertThat(t.confidence()).contains(0.97);
    assertThat(engine.boundary()).isEqualTo(TrustBoundary.THIRD_PARTY);
    assertThat(engine.vendor()).isEqualTo("deepgram");
    assertThat(engine.product()).isEqualTo("nova-3");
  }

  @Test
  void withoutAUrlDeepgramCanFetch_theOriginalBytesAreStreamed_andTheLanguageDetected()
      throws Exception {
    TestAudio audio = TestAudio.tone(0.5).at(URI.create("s3://tenant-bucket/media/abc"));

    engine(DeepgramFake.KEY).transcribe(audio.request(null));

    Received sent = fake.server.last();
    assertThat(sent.header("Content-Type")).isEqualTo("audio/wav");
    assertThat(sent.body()).isEqualTo(audio.wav());
    assertThat(sent.query().split("&"))
        .contains("detect_language=true")
        .noneMatch(q -> q.startsWith("language="));
  }

  @Test
  void aWrongKey_isPermanent_andTheMessageNeverHoldsTheKey() throws Exception {
    String wrong = "dg-wrong-key-0000";

    assertThatThrownBy(() -> engine(wrong).transcribe(TestAudio.tone(0.5).request("en-US")))
        .isInstanceOfSatisfying(
            TranscriptionException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.PERMANENT);
              assertThat(e.getMessage())
                  .contains("401")
                  .contains("Invalid credentials")
                  .doesNotContain(wrong);
            });
    assertThat(fake.server.last().header("Authorization")).isEqualTo("Token " + wrong);
  }

  @Test
  void corruptAudio_isRejectedPermanently_withDeepgramsReason() throws Exception {
    TestAudio corrupt = TestAudio.tone(0.5).withOriginal("not audio at all".getBytes());

    assertThatThrownBy(() -> engine(DeepgramFake.KEY).transcribe(corrupt.request("en-US")))
        .isInstanceOfSatisfying(
            TranscriptionException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.PERMANENT);
              assertThat(e.getMessage()).contains("400").contains("corrupt or unsupported data");
            });
  }

  @Test
  void rateLimitingAndServerErrors_areTransient() throws Exception {
    Transcriber engine = engine(DeepgramFake.KEY);
    fake.server.failNext(
        new Answer(
            429,
            Map.of("Retry-After", "7"),
            "{\"err_code\":\"TOO_MANY_REQUESTS\",\"err_msg\":\"Too many requests\"}".getBytes()));
    fake.server.failNext(
        Answer.json(503, "{\"err_code\":\"SERVICE_UNAVAILABLE\",\"err_msg\":\"try later\"}"));

    assertThatThrownBy(() -> engine.transcribe(TestAudio.tone(0.5).request("en-US")))
        .isInstanceOfSatisfying(
            TranscriptionException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.TRANSIENT);
              assertThat(e.getMessage()).contains("429").contains("retry after 7 s");
            });
    assertThatThrownBy(() -> engine.transcribe(TestAudio.tone(0.5).request("en-US")))
        .isInstanceOfSatisfying(
            TranscriptionException.class,
            e -> assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.TRANSIENT));
    assertThat(engine.transcribe(TestAudio.tone(0.5).request("en-US")))
        .isInstanceOf(Progress.Done.class);
  }

  @Test
  void anUnreachableService_isTransient() throws Exception {
    Transcriber engine = engine(DeepgramFake.KEY);
    fake.close();

    assertThatThrownBy(() -> engine.transcribe(TestAudio.tone(0.5).request("en-US")))
        .isInstanceOfSatisfying(
            TranscriptionException.class,
            e -> assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.TRANSIENT));
  }

  @Test
  void theProvider_isFoundByName_andRefusesALiteralKey() {
    TranscriberProvider provider =
        ServiceLoader.load(TranscriberProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.engine().equals("deepgram"))
            .findFirst()
            .orElseThrow();
    ObjectNode options = VendorHttp.json().createObjectNode().put("api_key", "dg-literal");

    assertThatThrownBy(() -> provider.create(options, SecretRefs.system()))
        .isInstanceOf(SecretReferenceException.class)
        .hasMessageContaining("must be a reference")
        .hasMessageNotContaining("dg-literal");
    assertThatThrownBy(
            () -> provider.create(VendorHttp.json().createObjectNode(), SecretRefs.system()))
        .isInstanceOf(SecretReferenceException.class)
        .hasMessageContaining("api_key");
  }
}
