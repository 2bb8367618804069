package io.conserver.functions.transcribe.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.transcribe.cloud.ContractServer.Received;
import io.conserver.functions.transcribe.cloud.TestAudio;
import io.conserver.functions.transcribe.engine.Progress;
import io.conserver.functions.transcribe.engine.Transcriber;
import io.conserver.functions.transcribe.engine.TranscriberProvider;
import io.conserver.functions.transcribe.engine.Transcript;
import io.conserver.functions.transcribe.engine.TranscriptionException;
import io.conserver.functions.transcribe.engine.TranscriptionRequest;
import io.conserver.platform.outside.TrustBoundary;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.vendor.VendorHttp;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The engine with the real AWS SDK against the Transcribe contract fake, reading transcripts from a
 * real S3 server (s3proxy, in-process). What this proves: the requests the SDK sends (target,
 * protocol, SigV4 shape, fields), idempotent restarts, the job life cycle, the transcript mapping
 * and the failure mapping. What it does not: that AWS accepts our signature, IAM permissions, or
 * real Transcribe output beyond AWS's published examples.
 */
class AwsTranscribeTest {
  static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String REGION = "us-east-1";
  static final URI MEDIA = URI.create("s3://conserver-acme/media/sha512-abc");

  private static S3Proxy s3proxy;
  private static URI s3Endpoint;
  private static S3Client s3;
  private AwsTranscribeFake fake;
  private String bucket;

  @BeforeAll
  static void startS3() throws Exception {
    s3proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY_ID, SECRET)
            .stopTimeout(0)
            .build();
    s3proxy.start();
    while (!"STARTED".equals(s3proxy.getState())) {
      Thread.onSpinWait();
    }
    s3Endpoint = URI.create("http://127.0.0.1:" + s3proxy.getPort());
    s3 =
        S3Client.builder()
            .region(Region.of(REGION))
            .endpointOverride(s3Endpoint)
            .forcePathStyle(true)
            .serviceConfiguration(c -> c.chunkedEncodingEnabled(false))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
            .build();
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
    s3proxy.stop();
  }

  @BeforeEach
  void start() throws Exception {
    fake = new AwsTranscribeFake(KEY_ID, REGION, s3);
    bucket = "t-" + UUID.randomUUID().toString().toLowerCase(Locale.ROOT);
    s3.createBucket(b -> b.bucket(bucket));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private ObjectNode options() {
    ObjectNode o = VendorHttp.json().createObjectNode();
    o.put("engine", "aws-transcribe").put("region", REGION);
    o.put("endpoint", fake.server.uri().toString()).put("s3_endpoint", s3Endpoint.toString());
    o.put("access_key_id", "env:KEY_ID").put("secret_access_key", "env:SECRET");
    o.put("output_bucket", bucket);
    return o;
  }

  private static Transcriber engine(ObjectNode options, String keyId) throws Exception {
    return new AwsTranscribeProvider()
        .create(options, new SecretRefs(Map.of("KEY_ID", keyId, "SECRET", SECRET)::get, k -> null));
  }

  private static TranscriptionRequest request() {
    return TestAudio.tone(1).at(MEDIA).request("en-US");
  }

  @Test
  void transcribe_startsAJobOnTheS3Uri_signedWithSigV4_andReturnsItsName() throws Exception {
    Transcriber engine = engine(options(), KEY_ID);

    Progress progress = engine.transcribe(request());

    Received sent = fake.server.last();
    assertThat(sent.header("X-Amz-Target")).isEqualTo("Transcribe.StartTranscriptionJob");
    assertThat(sent.header("Content-Type")).startsWith("application/x-amz-json-1.1");
    assertThat(sent.header("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/")
        .contains("/" + REGION + "/transcribe/aws4_request")
        .doesNotContain(SECRET);
    JsonNode body = VendorHttp.json().readTree(sent.body());
    String job = ((Progress.Pending) progress).jobId();
    assertThat(job)
        .startsWith("conserver-0192a4e8-0000-8000-8000-000000000001-d0-c0-")
        .matches("[0-9A-Za-z._-]+");
    assertThat(body.get("TranscriptionJobName").asText()).isEqualTo(job);
    assertThat(body.at("/Media/MediaFileUri").asText()).isEqualTo(MEDIA.toString());
    assertThat(body.get("LanguageCode").asText()).isEqualTo("en-US");
    assertThat(body.at("/Settings/ShowSpeakerLabels").asBoolean()).isTrue();
    assertThat(body.at("/Settings/MaxSpeakerLabels").asInt()).isEqualTo(2);
    assertThat(body.get("OutputBucketName").asText()).isEqualTo(bucket);
    assertThat(body.get("OutputKey").asText()).isEqualTo("asr/aws-transcribe/" + job + ".json");
    assertThat(engine.boundary()).isEqualTo(TrustBoundary.TENANT_CLOUD);
  }

  @Test
  void aRedeliveredRequest_findsItsJobAlreadyStarted_andStartsNoOther() throws Exception {
    Transcriber engine = engine(options(), KEY_ID);

    Progress first = engine.transcribe(request());
    Progress again = engine.transcribe(request());

    assertThat(again).isEqualTo(first);
    assertThat(fake.server.received()).hasSize(2);
    assertThat(fake.jobCount()).isEqualTo(1);
  }

  @Test
  void resume_staysPendingWhileQueued_thenReadsTheTranscriptFromTheTenantsBucket()
      throws Exception {
    Transcriber engine = engine(options(), KEY_ID);
    String job = ((Progress.Pending) engine.transcribe(request())).jobId();

    assertThat(engine.resume(job)).isEqualTo(new Progress.Pending(job));
    assertThat(fake.server.last().header("X-Amz-Target"))
        .isEqualTo("Transcribe.GetTranscriptionJob");

    fake.finish(job, DIARIZED);
    Transcript t = ((Progress.Done) engine.resume(job)).transcript();

    assertThat(t.language()).isEqualTo("en-US");
    assertThat(t.text()).isEqualTo("I've been on hold. My card is four one one one.");
    assertThat(t.words())
        .extracting(Transcript.Word::text)
        .containsExactly(
            "I've", "been", "on", "hold", "My", "card", "is", "four", "one", "one", "one");
    assertThat(t.words().get(0)).isEqualTo(new Transcript.Word("I've", 4.87, 5.02, 1.0, 0));
    assertThat(t.words().get(4).speaker()).isEqualTo(1);
    assertThat(t.words().get(7)).isEqualTo(new Transcript.Word("four", 8.0, 8.2, 0.93, 1));
    assertThat(t.words().get(10).end()).isEqualTo(8.8);
  }

  @Test
  void withoutAnOutputBucket_theTranscriptFileUriIsRead_andChannelLabelsAreSpeakers()
      throws Exception {
    ObjectNode options = options();
    options.remove("output_bucket");
    options.put("channel_identification", true);
    Transcriber engine = engine(options, KEY_ID);
    String job = ((Progress.Pending) engine.transcribe(request())).jobId();
    JsonNode start = VendorHttp.json().readTree(fake.server.last().body());
    assertThat(start.at("/Settings/ChannelIdentification").asBoolean()).isTrue();
    assertThat(start.at("/Settings/ShowSpeakerLabels").isMissingNode()).isTrue();
    assertThat(start.has("OutputBucketName")).isFalse();

    fake.finish(job, CHANNELS);
    Transcript t = ((Progress.Done) engine.resume(job)).transcript();

    assertThat(fake.server.last().path()).isEqualTo("/transcripts/" + job + ".json");
    assertThat(t.words())
        .extracting(Transcript.Word::text)
        .containsExactly("I've", "been", "Sorry");
    assertThat(t.words()).extracting(Transcript.Word::speaker).containsExactly(0, 0, 1);
  }

  @Test
  void aFailedJob_isPermanent_withAwsReason() throws Exception {
    Transcriber engine = engine(options(), KEY_ID);
    String job = ((Progress.Pending) engine.transcribe(request())).jobId();
    fake.fail(job, "The media format provided does not match the detected media format.");

    assertThatThrownBy(() -> engine.resume(job))
        .isInstanceOfSatisfying(
            TranscriptionException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.PERMANENT);
              assertThat(e.getMessage()).contains("failed").contains("media format");
            });
  }

  @Test
  void anUnknownAccessKey_isPermanent_andTheSecretNeverAppears() throws Exception {
    assertThatThrownBy(() -> engine(options(), "AKIAUNKNOWNKEY000000").transcribe(request()))
        .isInstanceOfSatisfying(
            TranscriptionException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.PERMANENT);
              assertThat(e.getMessage())
                  .contains("UnrecognizedClientException")
                  .doesNotContain(SECRET);
            });
  }

  @Test
  void throttlingAndInternalFailures_areTransient_evenThoughAwsAnswers400ForThrottling()
      throws Exception {
    Transcriber engine = engine(options(), KEY_ID);
    fake.server.failNext(
        AwsTranscribeFake.error(
            400, "LimitExceededException", "You have exceeded the concurrent job limit."));
    fake.server.failNext(
        AwsTranscribeFake.error(500, "InternalFailureException", "We can't process your request."));

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> engine.transcribe(request()))
          .isInstanceOfSatisfying(
              TranscriptionException.class,
              e -> assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.TRANSIENT));
    }
    assertThat(fake.server.received()).hasSize(2);
  }

  @Test
  void anUnknownJob_orAudioOutsideS3_isPermanent() throws Exception {
    Transcriber engine = engine(options(), KEY_ID);

    assertThatThrownBy(() -> engine.resume("conserver-unknown"))
        .isInstanceOfSatisfying(
            TranscriptionException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.PERMANENT);
              assertThat(e.getMessage()).contains("NotFoundException");
            });
    assertThatThrownBy(() -> engine.transcribe(TestAudio.tone(1).request("en-US")))
        .isInstanceOfSatisfying(
            TranscriptionException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TranscriptionException.Kind.PERMANENT);
              assertThat(e.getMessage()).contains("s3://");
            });
    assertThatThrownBy(() -> engine.resume("../etc/passwd"))
        .isInstanceOf(TranscriptionException.class)
        .hasMessageContaining("not a job name");
  }

  @Test
  void theProvider_isFoundByName_andRefusesContradictoryOptions() {
    TranscriberProvider provider =
        ServiceLoader.load(TranscriberProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.engine().equals("aws-transcribe"))
            .findFirst()
            .orElseThrow();
    ObjectNode both = options().put("diarize", true).put("channel_identification", true);
    ObjectNode halfKey = options();
    halfKey.remove("secret_access_key");

    assertThatThrownBy(() -> engine(both, KEY_ID))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exclude");
    assertThatThrownBy(() -> engine(halfKey, KEY_ID))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("together");
    assertThat(provider).isInstanceOf(AwsTranscribeProvider.class);
  }

  /** AWS's diarization output example (trimmed), with a card number as Transcribe formats it. */
  static final String DIARIZED =
      """
      {"jobName":"my-first-transcription-job","accountId":"111122223333","results":{
        "transcripts":[{"transcript":"I've been on hold. My card is 4111."}],
        "speaker_labels":{"channel_label":"ch_0","speakers":2,"segments":[
          {"start_time":"4.87","speaker_label":"spk_0","end_time":"5.64","items":[
            {"start_time":"4.87","speaker_label":"spk_0","end_time":"5.02"},
            {"start_time":"5.02","speaker_label":"spk_0","end_time":"5.17"},
            {"start_time":"5.17","speaker_label":"spk_0","end_time":"5.29"},
            {"start_time":"5.29","speaker_label":"spk_0","end_time":"5.64"}]},
          {"start_time":"7.1","speaker_label":"spk_1","end_time":"8.8","items":[]}]},
        "items":[
          {"start_time":"4.87","end_time":"5.02","alternatives":[{"confidence":"1.0","content":"I've"}],"type":"pronunciation"},
          {"start_time":"5.02","end_time":"5.17","alternatives":[{"confidence":"1.0","content":"been"}],"type":"pronunciation"},
          {"start_time":"5.17","end_time":"5.29","alternatives":[{"confidence":"1.0","content":"on"}],"type":"pronunciation"},
          {"start_time":"5.29","end_time":"5.64","alternatives":[{"confidence":"0.99","content":"hold"}],"type":"pronunciation"},
          {"alternatives":[{"confidence":"0.0","content":"."}],"type":"punctuation"},
          {"start_time":"7.1","speaker_label":"spk_1","end_time":"7.3","alternatives":[{"confidence":"0.98","content":"My"}],"type":"pronunciation"},
          {"start_time":"7.3","speaker_label":"spk_1","end_time":"7.6","alternatives":[{"confidence":"0.97","content":"card"}],"type":"pronunciation"},
          {"start_time":"7.6","speaker_label":"spk_1","end_time":"7.8","alternatives":[{"confidence":"0.99","content":"is"}],"type":"pronunciation"},
          {"start_time":"8.0","speaker_label":"spk_1","end_time":"8.8","alternatives":[{"confidence":"0.93","content":"4111"}],"type":"pronunciation"},
          {"alternatives":[{"confidence":"0.0","content":"."}],"type":"punctuation"}]},
       "status":"COMPLETED"}
      """;

  /** AWS's channel identification output example (trimmed). */
  static final String CHANNELS =
      """
      {"jobName":"my-first-transcription-job","accountId":"111122223333","results":{
        "transcripts":[{"transcript":"I've been. Sorry."}],
        "channel_labels":{"channels":[
          {"channel_label":"ch_0","items":[
            {"channel_label":"ch_0","start_time":"4.86","end_time":"5.01","alternatives":[{"confidence":"1.0","content":"I've"}],"type":"pronunciation"},
            {"channel_label":"ch_0","start_time":"5.01","end_time":"5.16","alternatives":[{"confidence":"1.0","content":"been"}],"type":"pronunciation"},
            {"channel_label":"ch_0","language_code":"en-US","alternatives":[{"confidence":"0.0","content":"."}],"type":"punctuation"}]},
          {"channel_label":"ch_1","items":[
            {"channel_label":"ch_1","start_time":"8.5","end_time":"8.89","alternatives":[{"confidence":"1.0","content":"Sorry"}],"type":"pronunciation"}]}],
         "number_of_channels":2},
        "items":[]},
       "status":"COMPLETED"}
      """;
}
