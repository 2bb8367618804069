package io.conserver.functions.cloudexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.erase.EraseProgress;
import io.conserver.platform.erase.EraseRequests;
import io.conserver.platform.erase.EraseService;
import io.conserver.platform.erase.HandoffErase;
import io.conserver.platform.erase.ReceiptSigner;
import io.conserver.platform.erase.SinkPort;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.media.MediaRef;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.pipeline.PipelineDeclarationException;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.testing.TestBucket;
import io.conserver.vcon.Analysis;
import io.conserver.vcon.Vcon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage through the real runner between two real S3-compatible stores (two in-process s3proxy
 * servers over TLS, each with its own credentials): the tenant's on-premise bucket and its "cloud"
 * bucket, reached through the production S3 adapter with credentials passed by reference.
 */
class ExportToCloudTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PIPELINE = "hybrid-onprem";
  private static final String CLOUD_PIPELINE = "hybrid-cloud";

  private static TestBucket onPrem;
  private static TestBucket cloud;
  private static SecretRefs secrets;
  private static ExportToCloudTransformation stage;

  @TempDir Path dir;

  @BeforeAll
  static void stores() {
    onPrem = TestBucket.shared();
    cloud = TestBucket.second();
    Map<String, String> env =
        Map.of(
            "CLOUD_KEY_ID", cloud.credentials().get("access-key-id"),
            "CLOUD_SECRET", cloud.credentials().get("secret-access-key"));
    secrets = new SecretRefs(env::get, key -> null);
    stage = new ExportToCloudTransformation(secrets);
  }

  private static String pipeline(String media, String account) {
    ObjectNode options = cloud.asDestination(CLOUD_PIPELINE, "CLOUD_KEY_ID", "CLOUD_SECRET");
    options.put("account", account).put("media", media);
    return """
        {"name": "%s", "lawful_basis_default": "legitimate_interest",
         "stages": [{"name": "ingest", "function": "ingest"},
                    {"name": "redact", "function": "redact"},
                    {"name": "export-to-cloud", "function": "export-to-cloud", "options": %s}]}
        """
        .formatted(PIPELINE, options);
  }

  private StageOutcome run(String pipeline, BlobMetadata input, int attempt) {
    return new StageRunner(
            onPrem.store(),
            TestBucket.TENANT,
            PipelineParser.parse(pipeline.getBytes(StandardCharsets.UTF_8), "test"),
            "export-to-cloud",
            stage,
            CLOCK)
        .handle(
            new ObjectCreated(
                TestBucket.TENANT, onPrem.bucket(), input.key(), input.size(), input.version()),
            attempt);
  }

  /** An original with two recordings, and its redacted copy as the redact stage makes it. */
  private record Conversation(Vcon original, Vcon redacted, MediaRef masked, MediaRef kept) {}

  private Conversation conversation() throws Exception {
    MediaStore media = new MediaStore(onPrem.store(), MediaStore.defaultBaseUrl(TestBucket.TENANT));
    MediaRef first = media.importFile(file("original first " + UUID.randomUUID()), "audio/wav");
    MediaRef second = media.importFile(file("original second " + UUID.randomUUID()), "audio/wav");
    MediaRef masked = media.importFile(file("masked first " + UUID.randomUUID()), "audio/wav");
    String uuid = UUID.randomUUID().toString();
    Vcon original =
        Vcon.parse(
            """
            {"uuid": "%s", "created_at": "2026-11-26T09:00:00Z", "subject": "card call",
             "parties": [{"tel": "+15550100001", "name": "Alice"}, {"name": "Agent"}],
             "dialog": [
               {"type": "recording", "start": "2026-11-26T09:00:00Z", "parties": [0, 1],
                "mediatype": "audio/wav", "url": "%s", "content_hash": "%s"},
               {"type": "recording", "start": "2026-11-26T09:05:00Z", "parties": [0, 1],
                "mediatype": "audio/wav", "url": "%s", "content_hash": "%s"},
               {"type": "text", "start": "2026-11-26T09:06:00Z", "parties": [0],
                "mediatype": "text/plain", "encoding": "none", "body": "my card is 4111"}],
             "attachments": [{"purpose": "contract", "start": "2026-11-26T09:00:00Z", "party": 0,
                "mediatype": "application/pdf", "url": "https://crm.example.com/contract.pdf",
                "content_hash": "sha512-AAAA"}]}
            """
                .formatted(
                    uuid, first.url(), first.contentHash(), second.url(), second.contentHash()));
    ObjectNode report = JSON.createObjectNode();
    report.putArray("audio").addObject().put("dialog", 0).put("ranges", 1);
    Vcon redacted =
        original
            .redactedCopy("pii", CLOCK)
            .replace("dialog", 0, recording(original, 0, masked))
            .replace("dialog", 2, text(original, 2, "my card is [CARD]"))
            .replace("parties", 0, JSON.createObjectNode())
            .addAnalysis(
                Analysis.builder("redaction-report", "conserver")
                    .inlineJson(report)
                    .mediatype("application/json")
                    .build())
            .build();
    return new Conversation(original, redacted, masked, second);
  }

  private static ObjectNode recording(Vcon vcon, int i, MediaRef media) {
    ObjectNode dialog = vcon.dialogs().get(i).toJson();
    dialog.put("url", media.url()).put("content_hash", media.contentHash().toString());
    return dialog;
  }

  private static ObjectNode text(Vcon vcon, int i, String body) {
    return vcon.dialogs().get(i).toJson().put("body", body);
  }

  private Path file(String content) throws Exception {
    return Files.writeString(dir.resolve(UUID.randomUUID() + ".wav"), content);
  }

  private static BlobMetadata put(String stage, String conversation, Vcon vcon) {
    return onPrem
        .store()
        .putBytes(
            BucketLayout.outputKey(PIPELINE, stage, conversation), vcon.toBytes(), PutOptions.JSON);
  }

  private static String inboxKey(String uuid) {
    return "inbox/" + CLOUD_PIPELINE + "/from-" + PIPELINE + "/" + uuid + ".vcon.json";
  }

  private static String ledger(String conversation) {
    StringBuilder all = new StringBuilder();
    for (BlobMetadata record : onPrem.store().list(BucketLayout.ledgerPrefix(conversation))) {
      all.append(
          new String(onPrem.store().getBytes(record.key(), 1 << 20), StandardCharsets.UTF_8));
    }
    return all.toString();
  }

  @Test
  void redactedVcon_reachesTheCloudInbox_withoutAnyRecording() throws Exception {
    Conversation c = conversation();
    String id = c.original().uuid();
    BlobMetadata input = put("redact", id, c.redacted());

    assertThat(run(pipeline("none", "tenant"), input, 1)).isEqualTo(StageOutcome.WRITTEN);

    String key = inboxKey(c.redacted().uuid());
    Vcon sent = Vcon.parse(cloud.store().getBytes(key, 1 << 20));
    assertThat(sent.redacted()).isPresent();
    assertThat(sent.uuid()).isEqualTo(c.redacted().uuid()).isNotEqualTo(id);
    String text = new String(sent.toBytes(), StandardCharsets.UTF_8);
    assertThat(text)
        .doesNotContain("4111", "+15550100001", "Alice", "media.conserver.invalid", "crm.example")
        .contains("[CARD]");
    assertThat(sent.dialogs().get(0).toJson().has("content_hash")).isFalse();
    assertThat(cloud.store().list("media/")).isEmpty();
    // What was sent is what the stage stored on premise, and the ledger names where and its hash.
    byte[] output =
        onPrem.store().getBytes(BucketLayout.outputKey(PIPELINE, "export-to-cloud", id), 1 << 20);
    assertThat(output).isEqualTo(sent.toBytes());
    assertThat(ledger(id))
        .contains(
            "sent-to-cloud:s3://" + cloud.bucket() + "/" + key + ":",
            ":" + io.conserver.vcon.ContentHash.sha512(sent.toBytes()),
            "withheld-on-premise:dialog/0",
            "withheld-on-premise:dialog/1",
            "withheld-on-premise:attachments/0");
  }

  @Test
  void maskedRecording_goesAlongWhenAllowed_theOriginalNever() throws Exception {
    Conversation c = conversation();
    BlobMetadata input = put("redact", c.original().uuid(), c.redacted());

    assertThat(run(pipeline("redacted", "tenant"), input, 1)).isEqualTo(StageOutcome.WRITTEN);

    Vcon sent = Vcon.parse(cloud.store().getBytes(inboxKey(c.redacted().uuid()), 1 << 20));
    assertThat(sent.dialogs().get(0).toJson().path("url").asText()).isEqualTo(c.masked().url());
    assertThat(sent.dialogs().get(1).toJson().has("url")).isFalse();
    assertThat(cloud.store().head(c.masked().key())).isPresent();
    assertThat(cloud.store().head(c.kept().key())).isEmpty();
    assertThat(cloud.store().getBytes(c.masked().key(), 1 << 20))
        .isEqualTo(onPrem.store().getBytes(c.masked().key(), 1 << 20));
  }

  @Test
  void original_isRefused_withTheReason_andNothingLeaves() throws Exception {
    Conversation c = conversation();
    BlobMetadata input = put("redact", c.original().uuid(), c.original());

    assertThat(run(pipeline("redacted", "tenant"), input, 1)).isEqualTo(StageOutcome.QUARANTINED);

    assertThat(cloud.store().head(inboxKey(c.original().uuid()))).isEmpty();
    List<BlobMetadata> quarantined =
        onPrem.store().list("quarantine/" + PIPELINE + "/export-to-cloud/");
    assertThat(quarantined)
        .anySatisfy(
            q ->
                assertThat(
                        new String(
                            onPrem.store().getBytes(q.key(), 1 << 20), StandardCharsets.UTF_8))
                    .contains(c.original().uuid(), "not a redacted vCon"));
  }

  @Test
  void rerun_isANoOp_alsoAfterTheCloudWriteAlone() throws Exception {
    Conversation c = conversation();
    String id = c.original().uuid();
    BlobMetadata input = put("redact", id, c.redacted());
    String pipeline = pipeline("none", "tenant");
    assertThat(run(pipeline, input, 1)).isEqualTo(StageOutcome.WRITTEN);
    BlobMetadata first = cloud.store().head(inboxKey(c.redacted().uuid())).orElseThrow();

    assertThat(run(pipeline, input, 1)).isEqualTo(StageOutcome.DUPLICATE);
    // A crash between the cloud write and the stage's own output: the redelivery finds the same
    // vCon in the cloud inbox and writes nothing there again.
    onPrem.store().delete(BucketLayout.outputKey(PIPELINE, "export-to-cloud", id));
    assertThat(run(pipeline, input, 2)).isEqualTo(StageOutcome.WRITTEN);

    assertThat(cloud.store().list("inbox/" + CLOUD_PIPELINE + "/from-" + PIPELINE + "/"))
        .filteredOn(m -> m.key().contains(c.redacted().uuid()))
        .singleElement()
        .satisfies(m -> assertThat(m.version()).isEqualTo(first.version()));
  }

  @Test
  void cloudStoreDown_isRetried_withNothingHalfWritten_thenWrittenOnce() throws Exception {
    Conversation c = conversation();
    String id = c.original().uuid();
    BlobMetadata input = put("redact", id, c.redacted());
    String pipeline = pipeline("redacted", "tenant");
    BlobStore cloudStore = cloud.store();

    cloud.down.set(true);
    StageOutcome outcome;
    try {
      outcome = run(pipeline, input, 1);
    } finally {
      cloud.down.set(false);
    }

    assertThat(outcome).isEqualTo(StageOutcome.RETRY);
    assertThat(cloudStore.head(inboxKey(c.redacted().uuid()))).isEmpty();
    assertThat(onPrem.store().head(BucketLayout.outputKey(PIPELINE, "export-to-cloud", id)))
        .isEmpty();
    assertThat(run(pipeline, input, 2)).isEqualTo(StageOutcome.WRITTEN);
    assertThat(cloudStore.head(inboxKey(c.redacted().uuid()))).isPresent();
    assertThat(cloudStore.head(c.masked().key())).isPresent();
  }

  @Test
  void erasingOnPremise_writesTheCloudCopysEraseRequest_pendingWhileTheCloudAnswers503()
      throws Exception {
    Conversation c = conversation();
    String id = c.original().uuid();
    String pipeline = pipeline("none", "tenant");
    assertThat(run(pipeline, put("redact", id, c.redacted()), 1)).isEqualTo(StageOutcome.WRITTEN);
    EraseService erase =
        new EraseService(
            onPrem.store(),
            TestBucket.TENANT,
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
            new MediaStore(onPrem.store(), MediaStore.defaultBaseUrl(TestBucket.TENANT)),
            new ReceiptSigner(ReceiptSigner.generateKeyPair()),
            SinkPort.NONE,
            new HandoffDestinations(
                List.of(PipelineParser.parse(pipeline.getBytes(StandardCharsets.UTF_8), "t")),
                secrets),
            CLOCK);
    String requestKey = HandoffErase.requestKey(CLOUD_PIPELINE, PIPELINE, c.redacted().uuid());

    cloud.down.set(true);
    ObjectNode state;
    try {
      state = erase.run(erase.startConversations(List.of(id), "test"), EraseProgress.SILENT);
    } finally {
      cloud.down.set(false);
    }

    assertThat(state.path("status").asText()).isEqualTo(EraseRequests.PENDING_CLOUD);
    assertThat(state.at("/conversations/0/status").asText()).isEqualTo("erased");
    assertThat(state.at("/conversations/0/cloud_copies/0/destination").asText())
        .isEqualTo("s3://" + cloud.bucket() + "/" + inboxKey(c.redacted().uuid()));
    assertThat(state.at("/conversations/0/cloud_copies/0/status").asText()).isEqualTo("pending");
    assertThat(state.at("/conversations/0/cloud_copies/0/detail").asText()).contains("503");
    assertThat(cloud.store().head(requestKey)).isEmpty();

    String requestId = state.path("request").asText();
    assertThat(erase.resumeUnfinished(EraseProgress.SILENT)).contains(requestId);
    JsonNode after = erase.requests().load(requestId).orElseThrow();
    assertThat(after.path("status").asText()).isEqualTo(EraseRequests.AWAITING_CLOUD);
    assertThat(after.at("/conversations/0/cloud_copies/0/request_key").asText())
        .isEqualTo(requestKey);
    JsonNode request = JSON.readTree(cloud.store().getBytes(requestKey, 1 << 20));
    assertThat(request.path("conversation").asText()).isEqualTo(c.redacted().uuid());
    assertThat(request.toString()).doesNotContain(id, "+15550100001", "Alice");
    // A destination no stage of the tenant names any more is not opened.
    assertThat(
            new HandoffDestinations(
                    List.of(PipelineParser.parse(pipeline.getBytes(StandardCharsets.UTF_8), "t")),
                    secrets)
                .open("s3", "some-other-bucket"))
        .isEmpty();
  }

  @Test
  void aLiteralSecretInTheDeclaration_isAConfigurationError() throws Exception {
    Conversation c = conversation();
    BlobMetadata input = put("redact", c.original().uuid(), c.redacted());
    String pipeline =
        pipeline("none", "tenant").replace("\"env:CLOUD_SECRET\"", "\"plain-secret-value\"");

    assertThat(run(pipeline, input, 1)).isEqualTo(StageOutcome.QUARANTINED);
    assertThat(cloud.store().head(inboxKey(c.redacted().uuid()))).isEmpty();
  }

  @Test
  void parser_countsTheStageOutsideBound_onlyWhenTheBucketIsNotTheTenants() {
    String withoutRedact =
        pipeline("none", "partner")
            .replace("{\"name\": \"redact\", \"function\": \"redact\"},", "");
    assertThatThrownBy(
            () -> PipelineParser.parse(withoutRedact.getBytes(StandardCharsets.UTF_8), "t"))
        .isInstanceOf(PipelineDeclarationException.class)
        .hasMessageContaining("export-to-cloud")
        .hasMessageContaining("no redact stage runs before it");
    String own = withoutRedact.replace("\"account\":\"partner\"", "\"account\":\"tenant\"");
    assertThat(PipelineParser.parse(own.getBytes(StandardCharsets.UTF_8), "t").stages()).hasSize(2);
    assertThat(
            PipelineParser.parse(pipeline("none", "partner").getBytes(StandardCharsets.UTF_8), "t"))
        .isNotNull();
  }
}
