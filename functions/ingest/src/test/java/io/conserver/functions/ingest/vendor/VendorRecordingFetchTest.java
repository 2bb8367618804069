package io.conserver.functions.ingest.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.conserver.platform.testing.RepoPaths;
import io.conserver.testing.QuarantineRecords;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Microsoft Teams and Genesys Cloud recordings fetched by the real ingest stage: client-credentials
 * tokens, the vendors' JSON APIs and the media through the real guard over real TLS, against the
 * contract fakes of {@link VendorFakes}.
 */
class VendorRecordingFetchTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  private static final byte[] MEDIA = media(300_000);
  private static final String TEAMS =
      "{\"teams\": {\"tenant_id\": \""
          + VendorFakes.TENANT
          + "\", \"client_id\": \""
          + VendorFakes.CLIENT
          + "\", \"client_secret_ref\": \"env:GRAPH_SECRET\"}}";
  private static final String GENESYS =
      "{\"genesys\": {\"region\": \"mypurecloud.com\", \"client_id\": \""
          + VendorFakes.GENESYS_CLIENT
          + "\", \"client_secret_ref\": \"env:GENESYS_SECRET\"}}";

  @TempDir Path dir;
  private VendorFakes fakes;
  private FileSystemBlobStore store;
  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    store = new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
    fakes = new VendorFakes(MEDIA);
  }

  @AfterEach
  void stop() {
    fakes.server.close();
  }

  private StageRunner runner(String fetchMedia, Map<String, String> env) throws IOException {
    ObjectNode pipeline =
        (ObjectNode)
            VconJson.codec()
                .read(Files.readAllBytes(RepoPaths.resolve("terraform/pipelines/default.json")));
    if (fetchMedia != null) {
      ((ObjectNode) pipeline.get("stages").get(0))
          .putObject("options")
          .set("fetch_media", VconJson.codec().read(fetchMedia.getBytes(StandardCharsets.UTF_8)));
    }
    SecretRefs refs = new SecretRefs(env::get, k -> null);
    VendorEndpoints endpoints =
        VendorEndpoints.forTests(
            fakes.server.base(), fakes.server.clientContext(), waits::add, CLOCK);
    IngestTransformation ingest =
        new IngestTransformation(
            new EnvelopeKeys(refs, TenantKeys.none()),
            new MediaFetch(
                fakes.server.fetcher(Files.createDirectories(dir.resolve("tmp"))),
                refs,
                endpoints));
    return new StageRunner(
        store,
        "acme",
        PipelineParser.parse(VconJson.codec().write(pipeline), "default.json"),
        "ingest",
        ingest,
        CLOCK);
  }

  private StageRunner teams() throws IOException {
    return runner(TEAMS, Map.of("GRAPH_SECRET", VendorFakes.SECRET));
  }

  private StageRunner genesys() throws IOException {
    return runner(GENESYS, Map.of("GENESYS_SECRET", VendorFakes.GENESYS_SECRET));
  }

  /** The notification as the teams webhook stores it: one item, without its clientState. */
  private ObjectCreated teamsDrop() throws IOException {
    ObjectNode item =
        (ObjectNode)
            VendorFakes.sample("events/graph/change-notification.json").get("value").get(0);
    item.remove("clientState");
    return drop("teams-1.json", VconJson.codec().write(item));
  }

  private ObjectCreated genesysDrop() throws IOException {
    return drop(
        "genesys.json",
        Files.readAllBytes(RepoPaths.resolve("events/sources/genesys-conversation-detail.json")));
  }

  private ObjectCreated drop(String name, byte[] content) {
    BlobMetadata m = store.putBytes("inbox/default/" + name, content, PutOptions.JSON);
    return new ObjectCreated("acme", "local", m.key(), m.size(), m.version());
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
  void teamsRecording_isDescribedByGraph_andItsContentStreamedIntoMedia() throws Exception {
    fakes.graphThrottled.set(1); // the first metadata call is throttled with Retry-After: 2
    fakes.expireNextToken.set(1); // the meeting call finds the token expired: one refresh

    assertThat(teams().handle(teamsDrop(), 1)).isEqualTo(StageOutcome.WRITTEN);

    Vcon output = onlyOutput();
    JsonNode json = output.toJson();
    assertThat(json.path("subject").asText()).isEqualTo("Renewal review with Fabrikam");
    assertThat(json.path("parties"))
        .extracting(p -> p.path("name").asText() + " " + p.path("mailto").asText())
        .containsExactly(
            "Alex Wilber alex.wilber@contoso.example",
            "Megan Bowen megan.bowen@contoso.example",
            "Jordan Lee jordan.lee@fabrikam.example");
    JsonNode dialog = json.path("dialog").get(0);
    assertThat(dialog.path("mediatype").asText()).isEqualTo("video/x-mp4");
    assertThat(dialog.path("start").asText()).startsWith("2026-11-24T14:02:11");
    assertThat(dialog.path("duration").asDouble()).isEqualTo(2802.0);
    String hash = ContentHash.sha512(MEDIA).toString();
    assertThat(dialog.path("content_hash").asText()).isEqualTo(hash);
    assertThat(store.getBytes("media/" + hash, 1_000_000)).isEqualTo(MEDIA);
    assertThat(output.attachments()).noneMatch(a -> a.purpose().orElse("").equals("pending_media"));
    assertThat(waits).containsExactly(Duration.ofSeconds(2));
    assertThat(fakes.tokensIssued.get()).isEqualTo(2);
    String text = new String(output.toBytes(), StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("graph-token").doesNotContain(VendorFakes.SECRET);
    assertThat(text).contains(VendorFakes.RECORDING); // the source attachment keeps the ids
    assertThat(new Ledger(store).records(output.uuid()).get(0).path("warnings").toString())
        .contains("/dialog/0: fetched: " + MEDIA.length + " bytes from 127.0.0.1");
  }

  @Test
  void teams_aWrongClientSecret_isAConfigurationError_thatNamesTheOption() throws Exception {
    StageRunner runner = runner(TEAMS, Map.of("GRAPH_SECRET", "not-the-secret"));

    assertThat(runner.handle(teamsDrop(), 1)).isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineMessage())
        .isEqualTo(
            "Azure AD token endpoint refused the client credentials of options.fetch_media.teams"
                + " with 401 (invalid_client): check the client id, the secret and the app's"
                + " permissions");
    assertThat(store.list("media/")).isEmpty();
    assertThat(store.list("inbox/default/")).hasSize(1); // the source is kept
  }

  @Test
  void aCachedToken_isNeverHandedToTheSameClientIdWithAnotherSecret() throws Exception {
    assertThat(teams().handle(teamsDrop(), 1)).isEqualTo(StageOutcome.WRITTEN);
    ObjectNode other =
        (ObjectNode)
            VendorFakes.sample("events/graph/change-notification.json").get("value").get(0);
    other.put("subscriptionId", "5e1c3a7d-0000-4000-8000-000000000001");

    StageRunner impostor = runner(TEAMS, Map.of("GRAPH_SECRET", "a-guess"));
    assertThat(impostor.handle(drop("t2.json", VconJson.codec().write(other)), 1))
        .isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineMessage()).contains("(invalid_client)");
    assertThat(fakes.tokensIssued.get()).isEqualTo(1);
  }

  @Test
  void teams_aRecordingGraphDoesNotHave_isQuarantined_withGraphsCode() throws Exception {
    ObjectNode item =
        (ObjectNode)
            VendorFakes.sample("events/graph/change-notification.json").get("value").get(0);
    item.put(
        "resource",
        "communications/onlineMeetings('" + VendorFakes.MEETING + "')/recordings('gone')");

    assertThat(teams().handle(drop("t.json", VconJson.codec().write(item)), 1))
        .isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineMessage())
        .isEqualTo("Microsoft Graph answered 404 (NotFound) for the recording's metadata");
  }

  @Test
  void teams_graphDown_isRetried_nothingWritten_thenTheRetryWritesOnce() throws Exception {
    StageRunner runner = teams();
    ObjectCreated event = teamsDrop();
    fakes.graphDown.set(3); // every in-process attempt of the first delivery

    assertThat(runner.handle(event, 1)).isEqualTo(StageOutcome.RETRY);
    assertThat(store.list("vcons/")).isEmpty();
    assertThat(store.list("media/")).isEmpty();
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));

    assertThat(runner.handle(event, 2)).isEqualTo(StageOutcome.WRITTEN);
    assertThat(runner.handle(event, 3)).isEqualTo(StageOutcome.DUPLICATE);
    assertThat(store.list("media/")).hasSize(1);
  }

  @Test
  void teams_withoutTheOption_isAConfigurationError() throws Exception {
    assertThat(runner(null, Map.of()).handle(teamsDrop(), 1)).isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineMessage()).contains("needs options.fetch_media.teams");
  }

  @Test
  void teams_aContentUrlOffGraph_neverReceivesTheToken() throws Exception {
    ObjectNode item =
        (ObjectNode)
            VendorFakes.sample("events/graph/change-notification.json").get("value").get(0);
    ObjectNode recording = VendorFakes.sample("events/graph/call-recording.json");
    recording.put("recordingContentUrl", "https://attacker.example/steal");
    item.set("recording", recording); // a drop that brings its own "Graph" answer

    assertThat(teams().handle(drop("t.json", VconJson.codec().write(item)), 1))
        .isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineMessage()).contains("is not on Microsoft Graph");
    assertThat(fakes.tokensIssued.get()).isZero();
  }

  @Test
  void teams_aMalformedNotification_isQuarantined_withThePointer() throws Exception {
    ObjectNode item =
        (ObjectNode)
            VendorFakes.sample("events/graph/change-notification.json").get("value").get(0);
    item.put("resource", "communications/onlineMeetings/../../users/recordings");

    assertThat(teams().handle(drop("t.json", VconJson.codec().write(item)), 1))
        .isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineMessage()).contains("/resource: must name a meeting recording");
    assertThat(fakes.tokensIssued.get()).isZero();
  }

  @Test
  void genesysRecording_isFetchedOnceGenesysHasTranscodedIt_withoutCredentials() throws Exception {
    StageRunner runner = genesys();
    ObjectCreated event = genesysDrop();
    fakes.genesysTranscoding.set(1);

    assertThat(runner.handle(event, 1)).isEqualTo(StageOutcome.RETRY); // 202: still transcoding
    assertThat(store.list("vcons/")).isEmpty();
    assertThat(runner.handle(event, 2)).isEqualTo(StageOutcome.WRITTEN);

    JsonNode dialog = onlyOutput().toJson().path("dialog").get(0);
    assertThat(dialog.path("content_hash").asText())
        .isEqualTo(ContentHash.sha512(MEDIA).toString());
    assertThat(dialog.path("mediatype").asText()).isEqualTo("audio/x-wav");
    assertThat(onlyOutput().attachments())
        .noneMatch(a -> a.purpose().orElse("").equals("pending_media"));
    // The pre-signed media url gets no bearer token; one token served both API calls.
    assertThat(fakes.mediaAuthorization).containsExactly("null");
    assertThat(fakes.tokensIssued.get()).isEqualTo(1);
  }

  @Test
  void genesys_aRefusedClient_isAConfigurationError() throws Exception {
    StageRunner runner = runner(GENESYS, Map.of("GENESYS_SECRET", "wrong"));

    assertThat(runner.handle(genesysDrop(), 1)).isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineMessage())
        .startsWith(
            "Genesys Cloud token endpoint refused the client credentials of"
                + " options.fetch_media.genesys with 401 (invalid_client)")
        .doesNotContain("wrong");
  }

  @Test
  void genesys_anUnknownConversation_isQuarantined() throws Exception {
    ObjectNode detail = VendorFakes.sample("events/sources/genesys-conversation-detail.json");
    detail.put("conversationId", "00000000-0000-4000-8000-000000000000");

    assertThat(genesys().handle(drop("g.json", VconJson.codec().write(detail)), 1))
        .isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineMessage())
        .isEqualTo("Genesys Cloud answered 404 for /dialog/0: the conversation's recordings");
  }

  private static byte[] media(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    return bytes;
  }
}
