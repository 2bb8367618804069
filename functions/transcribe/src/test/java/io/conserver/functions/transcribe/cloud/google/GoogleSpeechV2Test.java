package io.conserver.functions.transcribe.cloud.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.transcribe.cloud.ContractServer.Answer;
import io.conserver.functions.transcribe.cloud.ContractServer.Received;
import io.conserver.functions.transcribe.cloud.TestAudio;
import io.conserver.functions.transcribe.engine.Progress;
import io.conserver.functions.transcribe.engine.Transcriber;
import io.conserver.functions.transcribe.engine.Transcript;
import io.conserver.functions.transcribe.engine.TranscriptionException;
import io.conserver.functions.transcribe.engine.TranscriptionRequest;
import io.conserver.platform.outside.TrustBoundary;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.vendor.VendorHttp;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GoogleSpeechV2Test {
  static final URI MEDIA = URI.create("gs://conserver-acme/media/sha512-abc");
  private GoogleSpeechFake fake;

  @BeforeEach
  void start() throws Exception {
    fake = new GoogleSpeechFake();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private ObjectNode options() {
    ObjectNode o = VendorHttp.json().createObjectNode();
    o.put("project", "acme-prod").put("location", "europe-west4");
    o.put("endpoint", fake.server.uri().toString());
    o.put(
        "metadata_endpoint",
        fake.server.uri() + "/computeMetadata/v1/instance/service-accounts/default/token");
    return o;
  }

  private static Transcriber engine(ObjectNode options) throws Exception {
    return new GoogleSttProvider()
        .create(options, new SecretRefs(Map.of("GTOKEN", "ya29.wrong-token")::get, k -> null));
  }

  private static TranscriptionRequest request() {
    return TestAudio.tone(1).at(MEDIA).request("en-US");
  }

  @Test
  void transcribe_postsBatchRecognizeOnTheGcsUri_withTheServiceAccountsToken() throws Exception {
    Transcriber engine = engine(options());

    Progress progress = engine.transcribe(request());
    engine.transcribe(request());

    Received sent = fake.server.last();
    assertThat(sent.path())
        .isEqualTo("/v2/projects/acme-prod/locations/europe-west4/recognizers/_:batchRecognize");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer " + GoogleSpeechFake.TOKEN);
    JsonNode body = VendorHttp.json().readTree(sent.body());
    assertThat(body.at("/files/0/uri").asText()).isEqualTo(MEDIA.toString());
    assertThat(body.at("/config/languageCodes/0").asText()).isEqualTo("en-US");
    assertThat(body.at("/config/model").asText()).isEqualTo("long");
    assertThat(body.at("/config/autoDecodingConfig").isObject()).isTrue();
    assertThat(body.at("/config/features/enableWordTimeOffsets").asBoolean()).isTrue();
    assertThat(body.at("/config/features/diarizationConfig/maxSpeakerCount").asInt()).isEqualTo(2);
    assertThat(body.at("/recognitionOutputConfig/inlineResponseConfig").isObject()).isTrue();
    assertThat(((Progress.Pending) progress).jobId())
        .matches("projects/acme-prod/locations/europe-west4/operations/\\d+");
    assertThat(fake.tokensIssued).hasValue(1);
    assertThat(engine.boundary()).isEqualTo(TrustBoundary.TENANT_CLOUD);
  }

  @Test
  void resume_pollsTheOperation_untilDone_thenMapsWordsOffsetsAndSpeakers() throws Exception {
    Transcriber engine = engine(options());
    String op = ((Progress.Pending) engine.transcribe(request())).jobId();

    assertThat(engine.resume(op)).isEqualTo(new Progress.Pending(op));
    assertThat(fake.server.last().method()).isEqualTo("GET");
    assertThat(fake.server.last().path()).isEqualTo("/v2/" + op);

    fake.finish(
        op,
        """
        {"inlineResult":{"transcript":{"results":[
          {"alternatives":[{"transcript":"hello there","confidence":0.91,"words":[
            {"startOffset":"0.500s","endOffset":"0.900s","word":"hello","confidence":0.95,"speakerLabel":"1"},
            {"startOffset":"0.900s","endOffset":"1.300s","word":"there","confidence":0.9,"speakerLabel":"1"}]}],
           "resultEndOffset":"1.400s","languageCode":"en-us"},
          {"alternatives":[{"transcript":"card 4111","confidence":0.88,"words":[
            {"startOffset":"2s","endOffset":"2.400s","word":"card","confidence":0.9,"speakerLabel":"2"},
            {"startOffset":"2.500s","endOffset":"3.300s","word":"4111","confidence":0.8,"speakerLabel":"2"}]}],
           "resultEndOffset":"3.400s","languageCode":"en-us"}]},
          "vttCaptions":"","srtCaptions":""},
         "metadata":{"totalBilledDuration":"4s"}}
        """);
    Transcript t = ((Progress.Done) engine.resume(op)).transcript();

    assertThat(t.text()).isEqualTo("hello there card four one one one");
    assertThat(t.language()).isEqualTo("en-us");
    assertThat(t.words().get(0)).isEqualTo(new Transcript.Word("hello", 0.5, 0.9, 0.95, 0));
    assertThat(t.words().get(2)).isEqualTo(new Transcript.Word("card", 2.0, 2.4, 0.9, 1));
    assertThat(t.words()).extracting(Transcript.Word::text).endsWith("four", "one", "one", "one");
    assertThat(t.words().get(6).end()).isEqualTo(3.3);
  }

  @Test
  void aFileErrorIsPermanent_butAnUnavailableOperationIsRetried() throws Exception {
    Transcriber engine = engine(options());
    String bad = ((Progress.Pending) engine.transcribe(request())).jobId();
    String busy = ((Progress.Pending) engine.transcribe(request())).jobId();
    fake.finish(bad, "{\"error\":{\"code\":3,\"message\":\"Audio can't be decoded.\"}}");
    fake.failOperation(busy, 14, "The service is currently unavailable.");

    assertThatThrownBy(() -> engine.resume(bad))
        .isInstanceOfSatisfying(
            TranscriptionException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.PERMANENT);
              assertThat(e.getMessage()).contains("code 3").contains("can't be decoded");
            });
    assertThatThrownBy(() -> engine.resume(busy))
        .isInstanceOfSatisfying(
            TranscriptionException.class,
            e -> assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.TRANSIENT));
  }

  @Test
  void aRejectedToken_isPermanent_andNeverShown_whileQuotaIsTransient() throws Exception {
    ObjectNode withToken = options().put("access_token", "env:GTOKEN");

    assertThatThrownBy(() -> engine(withToken).transcribe(request()))
        .isInstanceOfSatisfying(
            TranscriptionException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.PERMANENT);
              assertThat(e.getMessage()).contains("401").doesNotContain("ya29.wrong-token");
            });
    assertThat(fake.server.last().header("Authorization")).isEqualTo("Bearer ya29.wrong-token");

    Transcriber engine = engine(options());
    fake.server.failNext(
        GoogleSpeechFake.error(
            429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Requests'."));
    assertThatThrownBy(() -> engine.transcribe(request()))
        .isInstanceOfSatisfying(
            TranscriptionException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.TRANSIENT);
              assertThat(e.getMessage()).contains("Quota exceeded");
            });
  }

  @Test
  void audioOutsideGcs_andAForeignOperationName_arePermanent() throws Exception {
    Transcriber engine = engine(options());

    assertThatThrownBy(
            () -> engine.transcribe(TestAudio.tone(1).at(URI.create("s3://b/k")).request("en-US")))
        .isInstanceOf(TranscriptionException.class)
        .hasMessageContaining("gs://");
    assertThatThrownBy(
            () -> engine.resume("projects/x/locations/global/operations/1/../../../v1/secret"))
        .isInstanceOf(TranscriptionException.class)
        .hasMessageContaining("not an operation name");
    assertThat(fake.server.received()).isEmpty();
  }

  @Test
  void theMetadataToken_isReused_untilAMinuteBeforeItExpires() throws Exception {
    Instant[] now = {Instant.parse("2026-11-26T10:00:00Z")};
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now[0];
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    MetadataServerTokens tokens =
        new MetadataServerTokens(
            URI.create(
                fake.server.uri() + "/computeMetadata/v1/instance/service-accounts/default/token"),
            clock);

    assertThat(tokens.token()).isEqualTo(GoogleSpeechFake.TOKEN);
    now[0] = now[0].plusSeconds(3500);
    tokens.token();
    assertThat(fake.tokensIssued).hasValue(1);
    now[0] = now[0].plusSeconds(60);
    tokens.token();
    assertThat(fake.tokensIssued).hasValue(2);
    assertThat(fake.server.last().header("Metadata-Flavor")).isEqualTo("Google");
  }

  @Test
  void durations_areDecimalSecondsWithAnSSuffix() {
    assertThat(GoogleSpeechResults.seconds("1.500s")).isEqualTo(1.5);
    assertThat(GoogleSpeechResults.seconds("2s")).isEqualTo(2.0);
    assertThat(GoogleSpeechResults.seconds("0.000000001s")).isEqualTo(1e-9);
    assertThatThrownBy(() -> GoogleSpeechResults.seconds("1.5"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(GoogleSpeechResults.speaker("2")).isEqualTo(1);
    assertThat(GoogleSpeechResults.speaker("spk")).isEqualTo(-1);
  }

  @Test
  void aBusyMetadataServer_isTransient() throws Exception {
    Transcriber engine = engine(options());
    fake.server.failNext(new Answer(503, Map.of(), new byte[0]));

    assertThatThrownBy(() -> engine.transcribe(request()))
        .isInstanceOfSatisfying(
            TranscriptionException.class,
            e -> assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.TRANSIENT));
  }
}
