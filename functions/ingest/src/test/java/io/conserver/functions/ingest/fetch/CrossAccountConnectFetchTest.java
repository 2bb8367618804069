package io.conserver.functions.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.conserver.functions.ingest.IngestTransformation;
import io.conserver.functions.ingest.envelope.EnvelopeKeys;
import io.conserver.functions.ingest.sources.MediaFetch;
import io.conserver.functions.ingest.vendor.VendorEndpoints;
import io.conserver.platform.aws.AwsCredentials;
import io.conserver.platform.aws.S3ClientFactory;
import io.conserver.platform.aws.S3Settings;
import io.conserver.platform.aws.crossaccount.AssumedRoleObjects;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.fetch.FetchPolicy;
import io.conserver.platform.fetch.GuardedFetcher;
import io.conserver.platform.media.CrossAccountObjects;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.secrets.TenantKeys;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.testing.RepoPaths;
import io.conserver.testing.QuarantineRecords;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An Amazon Connect recording in Connect's own bucket of another account, read by the real ingest
 * stage through the real reader: the platform's own STS client against a contract fake of the STS
 * Query API, then the platform's S3 client with the assumed session against a real S3
 * implementation (s3proxy, which checks the SigV4 signature), into the tenant's content-addressed
 * media.
 *
 * <p>The fake follows https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html: a
 * SigV4-signed form POST ({@code Action=AssumeRole&Version=2011-06-15&RoleArn&RoleSessionName&
 * ExternalId&DurationSeconds}), answered with {@code AssumeRoleResponse} XML, or {@code
 * ErrorResponse} with {@code AccessDenied} (403) when the external id is not the one the role's
 * trust policy names. Not proven: real IAM policy evaluation, session-duration limits.
 */
class CrossAccountConnectFetchTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  private static final String ROLE = "arn:aws:iam::210987654321:role/ConserverConnectRecordings";
  private static final String EXTERNAL_ID = "conserver-acme-4f1c9b";
  private static final String BASE_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String SESSION_KEY = "ASIAJEXAMPLEXEG2JICEA";
  private static final String SESSION_SECRET = "9drTJvcXLB89EXAMPLELB8923FB892xMFI";
  private static final String OTHER_BUCKET = "connect-recordings-210987654321";
  private static final String KEY =
      "connect/acme/CallRecordings/2026/11/24/5ca32fbd-8f92-46af-92a5-6b0f970f0efe_20261124T10:15_UTC.wav";
  private static final byte[] WAV = recording(120_000);

  @TempDir Path dir;
  private HttpServer sts;
  private FileSystemBlobStore store;
  private final AtomicInteger stsDown = new AtomicInteger();
  private final List<Map<String, String>> assumed = new CopyOnWriteArrayList<>();

  private static S3Proxy proxy;
  private static URI s3;

  /**
   * The other account's bucket: s3proxy (in-memory) checking SigV4 with the identity the STS fake
   * hands out. It does not implement session tokens: {@code ignoreUnknownHeaders} lets the assumed
   * session's {@code x-amz-security-token} through unchecked (AWS checks it; the signature made
   * with the session's key is what is checked here).
   */
  @BeforeAll
  static void otherAccountsBucket() throws Exception {
    proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, SESSION_KEY, SESSION_SECRET)
            .ignoreUnknownHeaders(true)
            .stopTimeout(0)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    s3 = URI.create("http://127.0.0.1:" + proxy.getPort());
    try (S3Client owner =
        S3ClientFactory.create(
            s3Settings(),
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(SESSION_KEY, SESSION_SECRET)))) {
      owner.createBucket(b -> b.bucket(OTHER_BUCKET));
      owner.putObject(b -> b.bucket(OTHER_BUCKET).key(KEY), RequestBody.fromBytes(WAV));
    }
  }

  @AfterAll
  static void stopProxy() throws Exception {
    proxy.stop();
  }

  private static S3Settings s3Settings() {
    return S3Settings.compatible(s3).withChecksums(false);
  }

  @BeforeEach
  void start() throws IOException {
    store = new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
    sts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    sts.createContext("/", this::assumeRole);
    sts.start();
  }

  @AfterEach
  void stop() {
    sts.stop(0);
  }

  private void assumeRole(HttpExchange x) throws IOException {
    Map<String, String> form = form(x);
    String authorization = String.valueOf(x.getRequestHeaders().getFirst("Authorization"));
    if (stsDown.getAndDecrement() > 0) {
      send(x, 503, error("Receiver", "ServiceUnavailable", "Service unavailable"));
    } else if (!authorization.startsWith("AWS4-HMAC-SHA256 Credential=" + BASE_KEY + "/")
        || !authorization.contains("/us-east-1/sts/aws4_request")) {
      send(x, 403, error("Sender", "SignatureDoesNotMatch", "bad signature"));
    } else if (!"AssumeRole".equals(form.get("Action"))
        || !"2011-06-15".equals(form.get("Version"))) {
      send(x, 400, error("Sender", "InvalidAction", "unknown action"));
    } else if (!ROLE.equals(form.get("RoleArn")) || !EXTERNAL_ID.equals(form.get("ExternalId"))) {
      send(
          x,
          403,
          error(
              "Sender",
              "AccessDenied",
              "User: arn:aws:sts::123456789012:assumed-role/conserver/ingest is not authorized to"
                  + " perform: sts:AssumeRole on resource: "
                  + ROLE));
    } else {
      assumed.add(form);
      send(
          x,
          200,
          "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
              + "<AssumeRoleResult><AssumedRoleUser>"
              + "<Arn>arn:aws:sts::210987654321:assumed-role/ConserverConnectRecordings/"
              + form.get("RoleSessionName")
              + "</Arn><AssumedRoleId>AROA3XFRBF535PLBIFPI4:"
              + form.get("RoleSessionName")
              + "</AssumedRoleId></AssumedRoleUser><Credentials>"
              + "<AccessKeyId>"
              + SESSION_KEY
              + "</AccessKeyId><SecretAccessKey>"
              + SESSION_SECRET
              + "</SecretAccessKey><SessionToken>FwoGZXIvYXdzEXAMPLEsessiontoken</SessionToken>"
              + "<Expiration>2026-11-26T10:15:00Z</Expiration></Credentials>"
              + "<PackedPolicySize>6</PackedPolicySize></AssumeRoleResult>"
              + "<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>"
              + "</ResponseMetadata></AssumeRoleResponse>");
    }
  }

  private static String error(String type, String code, String message) {
    return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>"
        + type
        + "</Type><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message></Error><RequestId>4e7a0b6c-0000-4000-8000-000000000000</RequestId>"
        + "</ErrorResponse>";
  }

  private StageRunner runner(String externalId, Optional<CrossAccountObjects> reader)
      throws IOException {
    ObjectNode pipeline =
        (ObjectNode)
            VconJson.codec()
                .read(Files.readAllBytes(RepoPaths.resolve("terraform/pipelines/default.json")));
    ObjectNode connect =
        ((ObjectNode) pipeline.get("stages").get(0))
            .putObject("options")
            .putObject("fetch_media")
            .putObject("connect");
    connect.put("role_arn", ROLE).put("external_id_ref", "env:X").put("region", "us-east-1");
    SecretRefs refs = new SecretRefs(Map.of("X", externalId)::get, k -> null);
    IngestTransformation ingest =
        new IngestTransformation(
            new EnvelopeKeys(refs, TenantKeys.none()),
            new MediaFetch(
                new GuardedFetcher(FetchPolicy.defaults()),
                refs,
                VendorEndpoints.production(),
                reader,
                Files.createDirectories(dir.resolve("tmp"))));
    return new StageRunner(
        store,
        "acme",
        PipelineParser.parse(VconJson.codec().write(pipeline), "default.json"),
        "ingest",
        ingest,
        CLOCK);
  }

  private Optional<CrossAccountObjects> reader() {
    return Optional.of(
        new AssumedRoleObjects(
            URI.create("http://127.0.0.1:" + sts.getAddress().getPort()),
            region -> s3Settings(),
            new AwsCredentials(BASE_KEY, "base-account-secret-for-tests", Optional.empty())));
  }

  private ObjectCreated ctrDrop(String key) throws IOException {
    ObjectNode ctr =
        (ObjectNode)
            VconJson.codec()
                .read(Files.readAllBytes(RepoPaths.resolve("events/sources/connect-ctr.json")));
    ((ObjectNode) ctr.get("Recording")).put("Location", OTHER_BUCKET + "/" + key);
    ((ObjectNode) ctr.get("Recordings").get(0)).put("Location", OTHER_BUCKET + "/" + key);
    BlobMetadata m =
        store.putBytes("inbox/default/ctr.json", VconJson.codec().write(ctr), PutOptions.JSON);
    return new ObjectCreated("acme", "local", m.key(), m.size(), m.version());
  }

  private String quarantineMessage() {
    return QuarantineRecords.onlyMessage(store, "quarantine/default/ingest/");
  }

  @Test
  void theRecording_isReadAsTheAssumedRole_intoTheTenantsMedia() throws Exception {
    assertThat(runner(EXTERNAL_ID, reader()).handle(ctrDrop(KEY), 1))
        .isEqualTo(StageOutcome.WRITTEN);

    var outputs = store.list("vcons/default/ingest/");
    Vcon output = Vcon.parse(store.getBytes(outputs.get(0).key(), 1_000_000));
    JsonNode dialog = output.toJson().path("dialog").get(0);
    String hash = ContentHash.sha512(WAV).toString();
    assertThat(dialog.path("content_hash").asText()).isEqualTo(hash);
    assertThat(store.getBytes("media/" + hash, 1_000_000)).isEqualTo(WAV);
    assertThat(output.attachments()).noneMatch(a -> a.purpose().orElse("").equals("pending_media"));
    assertThat(assumed).hasSize(1);
    assertThat(assumed.get(0))
        .containsEntry("RoleSessionName", "conserver-ingest")
        .containsEntry("DurationSeconds", "900");
    assertThat(new Ledger(store).records(output.uuid()).get(0).path("warnings").toString())
        .contains("fetched: " + WAV.length + " bytes from s3://" + OTHER_BUCKET);
  }

  @Test
  void aWrongExternalId_isAConfigurationError_thatNeverEchoesIt() throws Exception {
    assertThat(runner("guessed-external-id", reader()).handle(ctrDrop(KEY), 1))
        .isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineMessage())
        .startsWith("STS refused to assume " + ROLE + " (AccessDenied)")
        .doesNotContain("guessed-external-id");
    assertThat(store.list("media/")).isEmpty();
    assertThat(store.list("inbox/default/")).hasSize(1);
  }

  @Test
  void aRecordingThatIsNotThere_isQuarantined() throws Exception {
    assertThat(runner(EXTERNAL_ID, reader()).handle(ctrDrop("connect/acme/missing.wav"), 1))
        .isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineMessage()).contains("is not in the bucket (NoSuchKey)");
  }

  @Test
  void stsDown_isRetried_withNothingWritten_thenTheRetryWritesOnce() throws Exception {
    StageRunner runner = runner(EXTERNAL_ID, reader());
    ObjectCreated event = ctrDrop(KEY);
    stsDown.set(10); // more than the client's own attempts

    assertThat(runner.handle(event, 1)).isEqualTo(StageOutcome.RETRY);
    assertThat(store.list("vcons/")).isEmpty();
    assertThat(store.list("media/")).isEmpty();

    stsDown.set(0);
    assertThat(runner.handle(event, 2)).isEqualTo(StageOutcome.WRITTEN);
    assertThat(store.list("media/")).hasSize(1);
  }

  @Test
  void withoutTheReader_theOptionIsAConfigurationError_sayingWhy() throws Exception {
    assertThat(runner(EXTERNAL_ID, Optional.empty()).handle(ctrDrop(KEY), 1))
        .isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineMessage())
        .contains("needs the cross-account reader")
        .contains("Cloud Functions package");
  }

  private static Map<String, String> form(HttpExchange x) throws IOException {
    Map<String, String> form = new HashMap<>();
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static void send(HttpExchange x, int status, String xml) throws IOException {
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "text/xml");
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Bytes standing for the recording (ingest copies and hashes them; nothing decodes them). */
  private static byte[] recording(int size) {
    byte[] bytes = new byte[size];
    new java.util.Random(20261124).nextBytes(bytes);
    return bytes;
  }
}
