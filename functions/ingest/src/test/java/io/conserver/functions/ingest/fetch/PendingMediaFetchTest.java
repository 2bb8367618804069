package io.conserver.functions.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.conserver.functions.ingest.IngestTransformation;
import io.conserver.functions.ingest.envelope.EnvelopeKeys;
import io.conserver.functions.ingest.sources.MediaFetch;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.secrets.TenantKeys;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.testing.LoopbackHttps;
import io.conserver.platform.testing.RepoPaths;
import io.conserver.testing.QuarantineRecords;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recordings named by Twilio and Zoom records, fetched through the real guard over real TLS from
 * contract fakes on loopback, into the tenant's content-addressed media.
 *
 * <p>The fakes follow the published contracts: Twilio serves a recording's media at {@code
 * /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}.wav} behind HTTP basic auth (account
 * SID, auth token), 401 without it, 404 for an unknown recording
 * (https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file); Zoom serves a
 * {@code download_url} to a bearer of the webhook's {@code download_token}
 * (https://developers.zoom.us/docs/api/rest/reference/zoom-api/events/#operation/recording.completed).
 * Not proven: the real services' redirects, rate limits and token lifetimes.
 */
class PendingMediaFetchTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  private static final String TOKEN = "twilio-auth-token-for-tests";
  private static final String ZOOM_TOKEN =
      "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzUxMiJ9.example-not-a-real-token.signature";
  private static final byte[] WAV = wav(200_000);

  @TempDir Path dir;
  private LoopbackHttps server;
  private FileSystemBlobStore store;
  private final AtomicInteger unavailable = new AtomicInteger();

  @BeforeEach
  void start() {
    store = new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
    server =
        LoopbackHttps.start()
            .route("/2010-04-01/Accounts/", this::twilio)
            .route("/rec/download/", this::zoom);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void twilio(HttpExchange x) throws IOException {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((ACCOUNT + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
    if (!basic.equals(x.getRequestHeaders().getFirst("Authorization"))) {
      x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"Twilio API\"");
      send(x, 401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}");
      return;
    }
    String path = x.getRequestURI().getPath();
    if (path.endsWith("/Recordings/REbusy.wav") && unavailable.getAndIncrement() == 0) {
      send(x, 503, "");
    } else if (path.equals("/2010-04-01/Accounts/" + ACCOUNT + "/Recordings/RE1.wav")
        || path.endsWith("/Recordings/REbusy.wav")) {
      x.getResponseHeaders().add("Content-Type", "audio/x-wav");
      x.sendResponseHeaders(200, 0); // chunked, as a streaming server would
      try (OutputStream out = x.getResponseBody()) {
        out.write(WAV);
      }
    } else {
      send(x, 404, "{\"code\":20404,\"message\":\"The requested resource was not found\"}");
    }
  }

  private void zoom(HttpExchange x) throws IOException {
    if (!("Bearer " + ZOOM_TOKEN).equals(x.getRequestHeaders().getFirst("Authorization"))) {
      send(x, 401, "{\"code\":124,\"message\":\"Invalid access token.\"}");
      return;
    }
    x.getResponseHeaders().add("Content-Type", "video/mp4");
    x.sendResponseHeaders(200, WAV.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(WAV);
    }
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  private StageRunner runner(String fetchMedia, Map<String, String> env) throws IOException {
    ObjectNode pipeline =
        (ObjectNode)
            VconJson.codec()
                .read(Files.readAllBytes(RepoPaths.resolve("terraform/pipelines/default.json")));
    ((ObjectNode) pipeline.get("stages").get(0))
        .putObject("options")
        .set("fetch_media", VconJson.codec().read(fetchMedia.getBytes(StandardCharsets.UTF_8)));
    SecretRefs refs = new SecretRefs(env::get, k -> null);
    IngestTransformation ingest =
        new IngestTransformation(
            new EnvelopeKeys(refs, TenantKeys.none()),
            new MediaFetch(server.fetcher(Files.createDirectories(dir.resolve("tmp"))), refs));
    return new StageRunner(
        store,
        "acme",
        PipelineParser.parse(VconJson.codec().write(pipeline), "default.json"),
        "ingest",
        ingest,
        CLOCK);
  }

  private ObjectCreated drop(String name, byte[] content) {
    BlobMetadata m = store.putBytes("inbox/default/" + name, content, PutOptions.JSON);
    return new ObjectCreated("acme", "local", m.key(), m.size(), m.version());
  }

  private byte[] twilioCallback(String recordingSid) throws IOException {
    ObjectNode callback =
        (ObjectNode)
            VconJson.codec()
                .read(
                    Files.readAllBytes(
                        RepoPaths.resolve("events/sources/twilio-recording-callback.json")));
    callback.put("RecordingSid", recordingSid);
    callback.put(
        "RecordingUrl",
        server.base() + "/2010-04-01/Accounts/" + ACCOUNT + "/Recordings/" + recordingSid);
    return VconJson.codec().write(callback);
  }

  private Vcon onlyOutput() {
    var outputs = store.list("vcons/default/ingest/");
    assertThat(outputs).hasSize(1);
    return Vcon.parse(store.getBytes(outputs.get(0).key(), 1_000_000));
  }

  private String quarantineMessage() {
    return QuarantineRecords.onlyMessage(store, "quarantine/default/ingest/");
  }

  @Test
  void twilioRecording_isFetchedWithBasicAuth_intoContentAddressedMedia() throws Exception {
    StageRunner runner =
        runner(
            "{\"twilio\": {\"auth_token_ref\": \"env:TWILIO_AUTH_TOKEN\"}}",
            Map.of("TWILIO_AUTH_TOKEN", TOKEN));

    assertThat(runner.handle(drop("call.json", twilioCallback("RE1")), 1))
        .isEqualTo(StageOutcome.WRITTEN);

    Vcon output = onlyOutput();
    JsonNode dialog = output.toJson().get("dialog").get(0);
    String hash = ContentHash.sha512(WAV).toString();
    assertThat(dialog.get("content_hash").asText()).isEqualTo(hash);
    assertThat(dialog.get("url").asText()).endsWith("media/" + hash);
    assertThat(store.getBytes("media/" + hash, 1_000_000)).isEqualTo(WAV);
    assertThat(output.attachments()).noneMatch(a -> a.purpose().orElse("").equals("pending_media"));
    assertThat(new Ledger(store).records(output.uuid()).get(0).path("warnings").toString())
        .contains("/dialog/0: fetched: " + WAV.length + " bytes from 127.0.0.1");
    assertThat(new String(output.toBytes(), StandardCharsets.UTF_8)).doesNotContain(TOKEN);
  }

  @Test
  void zoomRecordings_areFetchedWithTheWebhooksDownloadToken_whichIsNeverStored() throws Exception {
    ObjectNode webhook =
        (ObjectNode)
            VconJson.codec()
                .read(
                    Files.readAllBytes(
                        RepoPaths.resolve("events/sources/zoom-recording-completed.json")));
    for (JsonNode file : webhook.get("payload").get("object").get("recording_files")) {
      ((ObjectNode) file)
          .put("download_url", server.base() + "/rec/download/" + file.path("id").asText());
    }

    assertThat(
            runner("{\"zoom\": {}}", Map.of())
                .handle(drop("zoom.json", VconJson.codec().write(webhook)), 1))
        .isEqualTo(StageOutcome.WRITTEN);

    Vcon output = onlyOutput();
    assertThat(output.dialogs()).isNotEmpty();
    String hash = ContentHash.sha512(WAV).toString();
    assertThat(output.toJson().get("dialog"))
        .allSatisfy(d -> assertThat(d.get("content_hash").asText()).isEqualTo(hash));
    assertThat(store.list("media/")).hasSize(1); // the same bytes stored once
    assertThat(new String(output.toBytes(), StandardCharsets.UTF_8)).doesNotContain(ZOOM_TOKEN);
  }

  @Test
  void aRecordingTheServiceDoesNotHave_isQuarantined_withTheDialogAndStatus() throws Exception {
    StageRunner runner =
        runner("{\"twilio\": {\"auth_token_ref\": \"env:T\"}}", Map.of("T", TOKEN));

    assertThat(runner.handle(drop("call.json", twilioCallback("REmissing")), 1))
        .isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineMessage())
        .isEqualTo("/dialog/0: the recording could not be fetched: HTTP 404 from 127.0.0.1");
    assertThat(store.list("media/")).isEmpty();
  }

  @Test
  void refusedCredentials_areAConfigurationError_thatNamesTheOption() throws Exception {
    StageRunner runner =
        runner("{\"twilio\": {\"auth_token_ref\": \"env:T\"}}", Map.of("T", "wrong-token"));

    assertThat(runner.handle(drop("call.json", twilioCallback("RE1")), 1))
        .isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineMessage())
        .contains("HTTP 401")
        .contains("options.fetch_media")
        .doesNotContain("wrong-token");
  }

  @Test
  void aServiceThatIsDown_isRetried_andTheRetrySucceeds() throws Exception {
    StageRunner runner =
        runner("{\"twilio\": {\"auth_token_ref\": \"env:T\"}}", Map.of("T", TOKEN));
    ObjectCreated event = drop("call.json", twilioCallback("REbusy"));

    assertThat(runner.handle(event, 1)).isEqualTo(StageOutcome.RETRY);
    assertThat(store.list("vcons/")).isEmpty();
    assertThat(runner.handle(event, 2)).isEqualTo(StageOutcome.WRITTEN);
  }

  @Test
  void withoutFetchMedia_theRecordingStaysPending_andNothingIsFetched() throws Exception {
    ObjectNode pipeline =
        (ObjectNode)
            VconJson.codec()
                .read(Files.readAllBytes(RepoPaths.resolve("terraform/pipelines/default.json")));
    StageRunner runner =
        new StageRunner(
            store,
            "acme",
            PipelineParser.parse(VconJson.codec().write(pipeline), "default.json"),
            "ingest",
            new IngestTransformation(
                new EnvelopeKeys(SecretRefs.system(), TenantKeys.none()),
                new MediaFetch(server.fetcher(dir), SecretRefs.system())),
            CLOCK);

    assertThat(runner.handle(drop("call.json", twilioCallback("RE1")), 1))
        .isEqualTo(StageOutcome.WRITTEN);

    assertThat(onlyOutput().attachments())
        .anyMatch(a -> a.purpose().orElse("").equals("pending_media"));
    assertThat(store.list("media/")).isEmpty();
  }

  /** A mono 8 kHz 16-bit WAV of {@code bytes} bytes of a ramp (not all zeros, so hashes differ). */
  private static byte[] wav(int bytes) {
    ByteBuffer b = ByteBuffer.allocate(44 + bytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + bytes);
    b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1);
    b.putShort((short) 1).putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(bytes);
    for (int i = 0; i < bytes; i++) {
      b.put((byte) i);
    }
    return b.array();
  }
}
