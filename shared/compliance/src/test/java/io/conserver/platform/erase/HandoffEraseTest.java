package io.conserver.platform.erase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.runner.HandoffStores;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.ForwardingBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.storage.StorageException;
import io.conserver.vcon.VconJson;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The erase hand-off between two real file stores standing for a hybrid tenant's halves: the
 * premises erase a party whose conversation was handed to the cloud (its ledger says so), the
 * request is written once and carries nothing personal, a cloud store that is down leaves it
 * pending (never done) until a later run, and the cloud half's answer (erased, nothing found,
 * refused) comes back into the premises' receipt.
 */
class HandoffEraseTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T01:00:00Z"), ZoneOffset.UTC);
  static final String ERASED = "tel:+15551234567";
  static final String A = "019f15a6-a752-826f-b9a2-279e0d16bc46"; // on premise, handed over
  static final String R = "019f15a6-a752-8000-8000-00000000000a"; // A's redacted copy's uuid
  static final String OTHER = "019f1b2c-3d4e-8f60-8a1b-2c3d4e5f6a7b"; // in the cloud, stays
  static final String HANDED = "inbox/calls/from-calls/" + R + ".vcon.json";
  static final String REQUEST = "requests/handoff-erase/calls/from-calls/" + R + ".json";
  static final String ANSWER = "receipts/handoff-erase/calls/from-calls/" + R + ".json";

  @TempDir Path dir;
  private FileSystemBlobStore premisesFiles;
  private FileSystemBlobStore cloudFiles;
  private final AtomicInteger requestWrites = new AtomicInteger();
  private boolean cloudDown;
  private BlobStore cloudAsSeenFromPremises;
  private ReceiptSigner premisesSigner;
  private ReceiptSigner cloudSigner;

  @BeforeEach
  void setUp() {
    premisesFiles = new FileSystemBlobStore("premises", dir.resolve("p"), dir.resolve("pm"));
    cloudFiles = new FileSystemBlobStore("cloud-bucket", dir.resolve("c"), dir.resolve("cm"));
    cloudAsSeenFromPremises = new Flaky(cloudFiles);
    premisesSigner = new ReceiptSigner(ReceiptSigner.generateKeyPair());
    cloudSigner = new ReceiptSigner(ReceiptSigner.generateKeyPair());
    Bucket premises = new Bucket(premisesFiles, CLOCK);
    premises.ingest(
        "a.vcon.json", Bucket.vcon(A, "+15551234567", "+14155550142", premises.media("rec"), "hi"));
    // What export-to-cloud recorded: the destination of the redacted copy and its hash.
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("pipeline", "calls").put("stage", "export-to-cloud").put("outcome", "written");
    record.putObject("input").put("hash", "sha512-in");
    record
        .putArray("warnings")
        .add("sent-to-cloud:file://cloud-bucket/" + HANDED + ":321 bytes:sha512-abc")
        .add("withheld-on-premise:dialog/0");
    new Ledger(premisesFiles).append(A, "export-to-cloud", "sha512-in", record);
    // The cloud half received the redacted copy (masked parties) and processed it.
    Bucket cloud = new Bucket(cloudFiles, CLOCK);
    cloud.ingest(
        "from-calls/" + R + ".vcon.json",
        Bucket.vcon(R, "[PHONE]", "[PHONE]", "https://none.invalid/x", "redacted words here"));
    cloud.ingest(
        "from-calls/" + OTHER + ".vcon.json",
        Bucket.vcon(OTHER, "[PHONE]", "[PHONE]", "https://none.invalid/y", "another call"));
  }

  private EraseService premises() {
    return service(
        premisesFiles,
        premisesSigner,
        (scheme, bucket) ->
            scheme.equals("file") && bucket.equals("cloud-bucket")
                ? Optional.of(cloudAsSeenFromPremises)
                : Optional.empty());
  }

  private EraseService cloud() {
    return service(cloudFiles, cloudSigner, HandoffStores.NONE);
  }

  private static EraseService service(
      BlobStore store, ReceiptSigner signer, HandoffStores handoffs) {
    return new EraseService(
        store,
        Bucket.TENANT,
        Bucket.KEY,
        new MediaStore(store, MediaStore.defaultBaseUrl(Bucket.TENANT)),
        signer,
        SinkPort.NONE,
        handoffs,
        CLOCK);
  }

  @Test
  void erasingOnPremise_requestsTheCloudCopysErase_once_withNothingPersonalInIt() throws Exception {
    EraseService premises = premises();
    String id = premises.start(ERASED, ErasePolicy.ERASE);
    ObjectNode state = premises.run(id, EraseProgress.SILENT);

    assertThat(state.path("status").asText()).isEqualTo(EraseRequests.AWAITING_CLOUD);
    JsonNode copy = state.at("/conversations/0/cloud_copies/0");
    assertThat(copy.path("status").asText()).isEqualTo("requested");
    assertThat(copy.path("request_key").asText()).isEqualTo(REQUEST);
    assertThat(copy.path("request_id").asText()).isEqualTo(id);
    byte[] written = cloudFiles.getBytes(REQUEST, 1 << 20);
    JsonNode request = VconJson.codec().read(written);
    assertThat(request.path("conversation").asText()).isEqualTo(R);
    assertThat(request.path("copy").asText()).isEqualTo(HANDED);
    assertThat(request.path("hash").asText()).isEqualTo("sha512-abc");
    assertThat(request.path("requested_by").asText()).isEqualTo(id);
    String text = new String(written, StandardCharsets.UTF_8);
    assertThat(ResidueMatcher.forIdentifier(ERASED).find(text)).isEmpty();
    assertThat(text).doesNotContain(A); // the original's uuid stays on premise too
    JsonNode receipt = signed(premises.requests().receipt(id).orElseThrow(), premisesSigner);
    assertThat(receipt.path("status").asText()).isEqualTo(EraseRequests.AWAITING_CLOUD);
    assertThat(receipt.at("/conversations/0/cloud_copies/0/status").asText())
        .isEqualTo("requested");
    assertThat(receipt.at("/conversations/0/cloud_copies/0/request_key").asText())
        .isEqualTo(REQUEST);

    // Reruns (resume, the same command again) write the request no second time; with no answer
    // yet, nothing changed, so the receipt is not signed again.
    assertThat(requestWrites).hasValue(1);
    String signed = premises.requests().receipt(id).orElseThrow();
    premises.resumeUnfinished(EraseProgress.SILENT);
    assertThat(premises.requests().receipt(id)).contains(signed);
    premises.run(premises.start(ERASED, ErasePolicy.ERASE), EraseProgress.SILENT);
    assertThat(requestWrites).hasValue(1);
    assertThat(cloudFiles.getBytes(REQUEST, 1 << 20)).isEqualTo(written);
  }

  @Test
  void aCloudStoreThatIsDown_leavesTheRequestPending_andALaterRunWritesIt() throws Exception {
    cloudDown = true;
    EraseService premises = premises();
    String id = premises.start(ERASED, ErasePolicy.ERASE);
    ObjectNode state = premises.run(id, EraseProgress.SILENT);

    assertThat(state.path("status").asText()).isEqualTo(EraseRequests.PENDING_CLOUD);
    assertThat(state.at("/conversations/0/status").asText()).isEqualTo("erased");
    assertThat(state.at("/conversations/0/cloud_copies/0/status").asText()).isEqualTo("pending");
    assertThat(state.at("/conversations/0/cloud_copies/0/detail").asText())
        .contains("503 Service Unavailable");
    JsonNode receipt = signed(premises.requests().receipt(id).orElseThrow(), premisesSigner);
    assertThat(receipt.path("status").asText()).isEqualTo(EraseRequests.PENDING_CLOUD);
    assertThat(receipt.at("/totals/cloud_copies_pending").asInt()).isEqualTo(1);
    assertThat(premises.requests().unfinished()).containsExactly(id);
    assertThat(cloudFiles.head(REQUEST)).isEmpty();
    // Still down: the rerun of the same command continues the same request, still pending.
    assertThat(premises.start(ERASED, ErasePolicy.ERASE)).isEqualTo(id);
    assertThat(premises.run(id, EraseProgress.SILENT).path("status").asText())
        .isEqualTo(EraseRequests.PENDING_CLOUD);

    cloudDown = false;
    assertThat(premises.resumeUnfinished(EraseProgress.SILENT)).containsExactly(id);
    JsonNode after = premises.requests().load(id).orElseThrow();
    assertThat(after.path("status").asText()).isEqualTo(EraseRequests.AWAITING_CLOUD);
    assertThat(after.at("/conversations/0/cloud_copies/0/status").asText()).isEqualTo("requested");
    assertThat(after.at("/conversations/0/cloud_copies/0/detail").isMissingNode()).isTrue();
    assertThat(cloudFiles.head(REQUEST)).isPresent();
    assertThat(requestWrites).hasValue(1);
    // The party's data on premise went at the first run; its copies were not touched again.
    assertThat(premisesFiles.list("vcons/")).isEmpty();
  }

  @Test
  void theCloudErasesTheCopyAndEverythingDerived_andThePremisesReceiptConfirmsIt()
      throws Exception {
    EraseService premises = premises();
    String id = premises.start(ERASED, ErasePolicy.ERASE);
    premises.run(id, EraseProgress.SILENT);

    List<String> cloudRuns = cloud().resumeUnfinished(EraseProgress.SILENT);
    assertThat(cloudRuns).hasSize(1);
    JsonNode answer = VconJson.codec().read(cloudFiles.getBytes(ANSWER, 1 << 20));
    assertThat(answer.path("outcome").asText()).isEqualTo("erased");
    assertThat(answer.path("cloud_request").asText()).isEqualTo(cloudRuns.get(0));
    assertThat(answer.path("residue_clean").asBoolean()).isTrue();
    JsonNode cloudReceipt = signed(answer.path("receipt").asText(), cloudSigner);
    assertThat(cloudReceipt.path("kind").asText()).isEqualTo("conversation");
    assertThat(cloudReceipt.path("origin").asText()).isEqualTo(REQUEST);
    assertThat(cloudReceipt.at("/conversations/0/id").asText()).isEqualTo(R);
    assertThat(cloudReceipt.at("/conversations/0/deleted/copies")).hasSize(2);
    // Nothing of R is left in the cloud but what stays by design (its ledger, usage records: ids
    // and counts) and the erase's own records; OTHER stays.
    for (BlobMetadata object : cloudFiles.list("")) {
      String key = object.key();
      String content = new String(cloudFiles.getBytes(key, 1 << 22), StandardCharsets.UTF_8);
      if (!List.of("ledger", "meter", "requests", "receipts").contains(key.split("/")[0])) {
        assertThat(key + " " + content).doesNotContain(R, "redacted words here");
      }
    }
    assertThat(cloudFiles.head("vcons/calls/export/" + OTHER + ".vcon.json")).isPresent();
    // A second cloud run answers nothing twice.
    assertThat(cloud().resumeUnfinished(EraseProgress.SILENT)).isEmpty();

    // The premises read the answer at their next run and sign the receipt again, confirmed.
    assertThat(premises.resumeUnfinished(EraseProgress.SILENT)).containsExactly(id);
    JsonNode state = premises.requests().load(id).orElseThrow();
    assertThat(state.path("status").asText()).isEqualTo("done");
    JsonNode receipt = signed(premises.requests().receipt(id).orElseThrow(), premisesSigner);
    JsonNode copy = receipt.at("/conversations/0/cloud_copies/0");
    assertThat(copy.path("status").asText()).isEqualTo("erased");
    assertThat(copy.path("cloud_request").asText()).isEqualTo(cloudRuns.get(0));
    assertThat(copy.path("cloud_receipt").asText()).isEqualTo(answer.path("receipt").asText());
    assertThat(receipt.path("status").asText()).isEqualTo("done");
    assertThat(premises.requests().unfinished()).isEmpty();
  }

  @Test
  void aRequestForAUuidTheCloudDoesNotHave_isAnsweredNothingFound_andRecorded() throws Exception {
    String absent = "019f0000-0000-8000-8000-000000000001";
    String key = HandoffErase.requestKey("calls", "calls", absent);
    HandoffErase.Copy copy =
        HandoffErase.Copy.ofTransferRecord(
                "sent-to-cloud:file://cloud-bucket/inbox/calls/from-calls/"
                    + absent
                    + ".vcon.json:9 bytes")
            .orElseThrow();
    assertThat(copy.requestKey()).isEqualTo(key);
    cloudFiles.putBytes(
        key,
        VconJson.codec().write(HandoffErase.request(copy, "er-x", CLOCK.instant().toString())),
        PutOptions.JSON);

    List<String> runs = cloud().resumeUnfinished(EraseProgress.SILENT);

    JsonNode answer =
        VconJson.codec()
            .read(cloudFiles.getBytes(HandoffErase.answerKey("calls", "calls", absent), 1 << 20));
    assertThat(answer.path("outcome").asText()).isEqualTo("nothing-found");
    assertThat(answer.path("cloud_request").asText()).isEqualTo(runs.get(0));
    JsonNode state = cloud().requests().load(runs.get(0)).orElseThrow();
    assertThat(state.path("status").asText()).isEqualTo("done");
    assertThat(state.path("conversations")).isEmpty();
    assertThat(state.path("conversations_requested").get(0).asText()).isEqualTo(absent);
    assertThat(state.path("residue_clean").asBoolean()).isTrue();
    assertThat(cloudFiles.list("vcons/")).hasSize(4); // R and OTHER, two stages each, untouched
  }

  @Test
  void aMalformedRequest_isRefusedWithTheReason_andNothingIsErased() throws Exception {
    cloudFiles.putBytes(REQUEST, "not json".getBytes(StandardCharsets.UTF_8), PutOptions.JSON);
    cloudFiles.putBytes(
        "requests/handoff-erase/calls/stray.json",
        "{}".getBytes(StandardCharsets.UTF_8),
        PutOptions.JSON);

    assertThat(cloud().resumeUnfinished(EraseProgress.SILENT)).isEmpty();

    JsonNode answer = VconJson.codec().read(cloudFiles.getBytes(ANSWER, 1 << 20));
    assertThat(answer.path("outcome").asText()).isEqualTo("refused");
    assertThat(answer.path("reason").asText()).contains("not JSON");
    assertThat(cloudFiles.list("vcons/")).hasSize(4);
    assertThat(cloudFiles.list("receipts/handoff-erase/")).hasSize(1);
  }

  @Test
  void transferRecords_areParsedStrictly() {
    assertThat(
            HandoffErase.Copy.ofTransferRecord(
                "sent-outside:cloud-bucket:s3://b/inbox/c/from-p/" + R + ".vcon.json:5 bytes"))
        .get()
        .extracting(HandoffErase.Copy::requestKey)
        .isEqualTo("requests/handoff-erase/c/from-p/" + R + ".json");
    assertThat(HandoffErase.Copy.ofTransferRecord("sent-outside:deepl:analysis/2:245 chars"))
        .isEmpty();
    assertThat(
            HandoffErase.Copy.ofTransferRecord(
                "sent-to-cloud:s3://b/media/sha512-abc:5 bytes")) // masked media: not a vCon
        .isEmpty();
    assertThat(
            HandoffErase.Copy.ofTransferRecord(
                "sent-to-cloud:s3://b/inbox/c/from-p/../../x.vcon.json:5 bytes"))
        .isEmpty();
  }

  /** A receipt's payload, once its signature is checked with the signer's public key. */
  private static JsonNode signed(String jws, ReceiptSigner signer) {
    ReceiptSigner.Verification verification = ReceiptSigner.verify(jws, signer.publicKey());
    assertThat(verification.valid()).as(verification.reason()).isTrue();
    return verification.payload();
  }

  /** The cloud as the premises reach it: down (an S3 503) while {@code cloudDown}. */
  private final class Flaky extends ForwardingBlobStore {
    Flaky(BlobStore delegate) {
      super(delegate);
    }

    private void check() {
      if (cloudDown) {
        throw new StorageException("503 Service Unavailable (SlowDown)");
      }
    }

    @Override
    public Optional<BlobMetadata> head(String key) {
      check();
      return super.head(key);
    }

    @Override
    public InputStream get(String key) {
      check();
      return super.get(key);
    }

    @Override
    public Optional<BlobMetadata> putIfAbsent(
        String key, InputStream content, long length, PutOptions options) {
      check();
      Optional<BlobMetadata> written = super.putIfAbsent(key, content, length, options);
      if (written.isPresent() && key.startsWith(HandoffErase.REQUEST_PREFIX)) {
        requestWrites.incrementAndGet();
      }
      return written;
    }
  }
}
