package io.conserver.platform.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.erase.EraseProgress;
import io.conserver.platform.erase.ReceiptSigner;
import io.conserver.platform.erase.ResidueMatcher;
import io.conserver.platform.erase.SinkJournalEntry;
import io.conserver.platform.erase.SinkPort;
import io.conserver.platform.holds.Holds;
import io.conserver.platform.index.PartyIdentifiers;
import io.conserver.platform.media.MediaReferences;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.share.ShareFiles;
import io.conserver.platform.share.StoredShares;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.Vcon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleServiceTest {
  static final String A = "019f15a6-a752-826f-b9a2-279e0d16bc46";
  static final String B = "019f1b2c-3d4e-8f60-8a1b-2c3d4e5f6a7b";
  static final String C = "019f1c00-7a1b-8c2d-9e3f-405162738495";
  static final String C_TEL = "tel:+16175550199";

  @TempDir Path dir;
  private AgedBucket bucket;
  private ReceiptSigner signer;
  private String onlyA;
  private String shared;
  private final List<String> sinkDeletes = new ArrayList<>();

  @BeforeEach
  void setUp() {
    bucket = new AgedBucket(dir);
    signer = new ReceiptSigner(ReceiptSigner.generateKeyPair());
    onlyA = AgedBucket.mediaKey(bucket.media("A's own recording"));
    shared = AgedBucket.mediaKey(bucket.media("hold music B and C share"));
    bucket.ingest("a.vcon.json", AgedBucket.vcon(A, "+15551234567", url(onlyA)));
    bucket.ingest("b.vcon.json", AgedBucket.vcon(B, "+14155550142", url(shared)));
    bucket.ingest("c.vcon.json", AgedBucket.vcon(C, "+16175550199", url(shared)));
    bucket.allFresh();
  }

  private static String url(String mediaKey) {
    return MediaStore.defaultBaseUrl(AgedBucket.TENANT) + mediaKey;
  }

  private LifecycleService service(Clock clock, SinkPort sinks) {
    return new LifecycleService(
        bucket.store,
        AgedBucket.TENANT,
        List.of(AgedBucket.PIPELINE),
        AgedBucket.KEY,
        new MediaStore(bucket.store, MediaStore.defaultBaseUrl(AgedBucket.TENANT)),
        signer,
        sinks,
        clock);
  }

  private LifecycleService service() {
    return service(AgedBucket.CLOCK, recordingSinks());
  }

  private static String copy(String stage, String id) {
    return BucketLayout.outputKey("calls", stage, id);
  }

  @Test
  void whenRetentionPassed_copyAndDropExpire_youngerOnesAndLongerStagesStay() throws Exception {
    bucket.age(copy("ingest", A), 31); // ingest keeps 30 days
    bucket.age(copy("export", A), 31); // export keeps 365
    bucket.age(copy("ingest", B), 29);
    bucket.age("inbox/calls/a.vcon.json", 8); // inbox keeps 7
    bucket.age("inbox/calls/b.vcon.json", 6);

    ObjectNode state = service().run(EraseProgress.SILENT);

    assertThat(state.path("status").asText()).isEqualTo("done");
    assertThat(bucket.exists(copy("ingest", A))).isFalse();
    assertThat(bucket.exists(copy("export", A))).isTrue();
    assertThat(bucket.exists(copy("ingest", B))).isTrue();
    assertThat(bucket.exists("inbox/calls/a.vcon.json")).isFalse();
    assertThat(bucket.exists("inbox/calls/b.vcon.json")).isTrue();
    // The export copy is still live: A can still be found, and its media stays referenced.
    assertThat(bucket.index.conversationsOf("tel:+15551234567")).containsExactly(A);
    assertThat(new MediaReferences(bucket.store, null).referrers(onlyA)).containsExactly(A);
    // The ledger is kept, with one "expired" record for the copy.
    List<JsonNode> records = new Ledger(bucket.store).records(A);
    assertThat(records).hasSize(3);
    assertThat(records.get(2).path("outcome").asText()).isEqualTo("expired");
    assertThat(records.get(2).path("input").path("key").asText()).isEqualTo(copy("ingest", A));
    assertThat(new Ledger(bucket.store).verifyChain(A)).isTrue();
  }

  @Test
  void whenALegalHoldCoversAConversationOrItsParty_itsDueObjectsAreKeptAndListed()
      throws Exception {
    Holds holds = new Holds(bucket.store);
    holds.holdConversation(B, "case-17", "litigation hold", AgedBucket.NOW);
    String cHmac = bucket.index.hmac(PartyIdentifiers.parse(C_TEL).orElseThrow());
    holds.holdParty(cHmac, "case-18", "regulator inquiry", AgedBucket.NOW);
    bucket.ageAll("vcons/", 400);
    bucket.store.putBytes(
        "quarantine/calls/export/" + B + ".json", "{}".getBytes(), PutOptions.JSON);
    bucket.age("quarantine/calls/export/" + B + ".json", 40);

    ObjectNode state = service().run(EraseProgress.SILENT);

    assertThat(bucket.keys("vcons/"))
        .containsExactlyInAnyOrder(
            copy("ingest", B), copy("export", B), copy("ingest", C), copy("export", C));
    assertThat(bucket.exists("quarantine/calls/export/" + B + ".json")).isTrue();
    JsonNode receipt = payload(state);
    List<String> heldKeys = new ArrayList<>();
    receipt.path("held").forEach(h -> heldKeys.add(h.path("key").asText()));
    assertThat(heldKeys)
        .containsExactlyInAnyOrder(
            copy("ingest", B),
            copy("export", B),
            copy("ingest", C),
            copy("export", C),
            "quarantine/calls/export/" + B + ".json");
    assertThat(receipt.path("held").get(0).path("held_by").get(0).asText())
        .isEqualTo("conversation/" + B + "/case-17");
    assertThat(receipt.toString()).contains("party/" + cHmac + "/case-18");
  }

  @Test
  void sharedMediaStaysWhileAnyLiveConversationRefersToIt_andGoesWithTheLast() throws Exception {
    bucket.ageAll("media/", 400);
    bucket.age(copy("ingest", A), 400);
    bucket.age(copy("export", A), 400);
    bucket.age(copy("ingest", B), 400);
    bucket.age(copy("export", B), 400);

    service().run(EraseProgress.SILENT);

    assertThat(bucket.exists(onlyA)).isFalse(); // its only conversation is gone
    assertThat(bucket.exists(shared)).isTrue(); // C still refers to it
    assertThat(bucket.index.conversationsOf("tel:+15551234567")).isEmpty();
    assertThat(new MediaReferences(bucket.store, null).referrers(shared)).containsExactly(C);

    bucket.age(copy("ingest", C), 400);
    bucket.age(copy("export", C), 400);
    ObjectNode later =
        service(Clock.offset(AgedBucket.CLOCK, Duration.ofHours(1)), recordingSinks())
            .run(EraseProgress.SILENT);

    assertThat(bucket.exists(shared)).isFalse();
    assertThat(bucket.keys("media/")).isEmpty(); // references included
    assertThat(payload(later).path("expired").path("media").toString()).contains(shared);
  }

  @Test
  void aSecondRunAtTheSameTimeChangesNothing_andALaterOneFindsNothingDue() throws Exception {
    bucket.ageAll("vcons/calls/ingest/", 31);
    bucket.ageAll("inbox/", 8);
    ObjectNode first = service().run(EraseProgress.SILENT);
    List<String> after = bucket.keys("");
    int ledgerRecords = new Ledger(bucket.store).records(A).size();

    ObjectNode again = service().run(EraseProgress.SILENT);
    ObjectNode later =
        service(Clock.offset(AgedBucket.CLOCK, Duration.ofMinutes(1)), recordingSinks())
            .run(EraseProgress.SILENT);

    assertThat(again).isEqualTo(first);
    assertThat(later.path("status").asText()).isEqualTo("nothing-due");
    assertThat(bucket.keys("")).isEqualTo(after);
    assertThat(new Ledger(bucket.store).records(A)).hasSize(ledgerRecords);
    assertThat(new LifecycleRuns(bucket.store).receipts()).hasSize(1);
  }

  @Test
  void theReceiptIsSignedAndListsWhatWent_andAChangedReceiptFailsVerification() throws Exception {
    bucket.ageAll("vcons/calls/ingest/", 31);
    ObjectNode state = service().run(EraseProgress.SILENT);
    String jws = new LifecycleRuns(bucket.store).receipt(state.path("run").asText()).orElseThrow();

    ReceiptSigner.Verification verification = ReceiptSigner.verify(jws, signer.publicKey());

    assertThat(verification.valid()).isTrue();
    JsonNode payload = verification.payload();
    assertThat(payload.path("type").asText()).isEqualTo("conserver-expiry-receipt/1");
    assertThat(payload.path("as_of").asText()).isEqualTo(AgedBucket.NOW.toString());
    assertThat(payload.path("totals").path("copy_expired").asInt()).isEqualTo(3);
    assertThat(payload.path("ledger").path("expired").asBoolean(true)).isFalse();
    assertThat(payload.path("ledger").path("expired_records_appended").asInt()).isEqualTo(3);
    String[] parts = jws.split("\\.");
    String forged =
        parts[0]
            + "."
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.toString().replace("copy_expired", "copy_kept").getBytes())
            + "."
            + parts[2];
    assertThat(ReceiptSigner.verify(forged, signer.publicKey()).valid()).isFalse();
  }

  @Test
  void sinkRecordsExpireThroughThePort_andARunASinkFailureStoppedIsFinishedByTheNext()
      throws Exception {
    String export = "exports/calls/lake/2025-10-01/" + A + ".jsonl";
    bucket.store.putBytes(export, "{}".getBytes(), PutOptions.JSON);
    bucket.store.putBytes(
        BucketLayout.sinkJournalKey(A, "lake"),
        ("{\"vcon\":\""
                + A
                + "\",\"pipeline\":\"calls\",\"stage\":\"export\",\"sink\":\"lake\","
                + "\"type\":\"files\",\"target_ids\":[\""
                + export
                + "\"],"
                + "\"at\":\"2025-10-01T00:00:00Z\"}")
            .getBytes(StandardCharsets.UTF_8),
        PutOptions.JSON);
    bucket.ageAll("vcons/calls/ingest/", 31);
    AtomicInteger failures = new AtomicInteger(1);
    SinkPort flaky =
        new RecordingSinks(sinkDeletes) {
          @Override
          public SinkDeletion delete(SinkJournalEntry entry) throws Exception {
            if (failures.getAndDecrement() > 0) {
              throw new java.io.IOException("warehouse unreachable");
            }
            return super.delete(entry);
          }
        };

    assertThatThrownBy(() -> service(AgedBucket.CLOCK, flaky).run(EraseProgress.SILENT))
        .hasMessageContaining("warehouse unreachable");
    LifecycleRuns runs = new LifecycleRuns(bucket.store);
    assertThat(runs.unfinished()).containsExactly(LifecycleRuns.runId(AgedBucket.NOW));

    ObjectNode state = service(AgedBucket.CLOCK, flaky).run(EraseProgress.SILENT);

    assertThat(state.path("status").asText()).isEqualTo("done");
    assertThat(runs.unfinished()).isEmpty();
    assertThat(sinkDeletes).containsExactly(A + "@lake");
    assertThat(bucket.exists(BucketLayout.sinkJournalKey(A, "lake"))).isFalse();
    JsonNode sink = payload(state).path("expired").path("sink").get(0);
    assertThat(sink.path("outcome").asText()).isEqualTo("deleted");
    assertThat(sink.path("vcon").asText()).isEqualTo(A);
    // The copies the first attempt expired before the sink failed are recorded once.
    assertThat(payload(state).path("totals").path("copy_expired").asInt()).isEqualTo(3);
    long expiredRecords =
        new Ledger(bucket.store)
            .records(A).stream().filter(r -> r.path("stage").asText().equals("lifecycle")).count();
    assertThat(expiredRecords).isEqualTo(2); // the ingest copy and the sink record
  }

  @Test
  void quarantineRecordsExpireByTheirOwnRetention() throws Exception {
    bucket.store.putBytes(
        "quarantine/calls/ingest/drop-0123.json", "{}".getBytes(), PutOptions.JSON);
    bucket.store.putBytes(
        "quarantine/calls/ingest/drop-4567.json", "{}".getBytes(), PutOptions.JSON);
    bucket.age("quarantine/calls/ingest/drop-0123.json", 31);
    bucket.age("quarantine/calls/ingest/drop-4567.json", 29);

    service().run(EraseProgress.SILENT);

    assertThat(bucket.keys("quarantine/"))
        .containsExactly("quarantine/calls/ingest/drop-4567.json");
  }

  @Test
  void aDryRunListsWhatIsDueAndChangesNothing() {
    bucket.ageAll("vcons/calls/ingest/", 31);
    bucket.ageAll("media/", 400);
    List<String> before = bucket.keys("");

    ObjectNode summary = service().dryRun();

    assertThat(bucket.keys("")).isEqualTo(before);
    assertThat(summary.path("counts").path("copy").path("planned").asInt()).isEqualTo(3);
    // Media stays referenced by the export copies, which are not due.
    assertThat(summary.path("counts").path("media").path("kept").asInt()).isEqualTo(2);
    assertThat(summary.path("due").toString()).contains(copy("ingest", A));
  }

  /** A share that ended {@code endedDaysAgo} (negative: ends later), revoked if {@code >= 0}. */
  private String share(String conversation, int endedDaysAgo, int revokedDaysAgo) {
    return StoredShares.write(
        bucket.store,
        conversation,
        AgedBucket.NOW.minus(Duration.ofDays(endedDaysAgo)),
        revokedDaysAgo < 0
            ? java.util.Optional.empty()
            : java.util.Optional.of(AgedBucket.NOW.minus(Duration.ofDays(revokedDaysAgo))));
  }

  @Test
  void shareRecords_go30DaysAfterTheShareExpiredOrWasRevoked_theLedgerKeepsTheirEvents()
      throws Exception {
    String expired = share(A, 31, -1);
    String revoked = share(A, -5, 31); // would expire later, but was revoked a month ago
    String recent = share(B, 29, -1);
    String revokedRecently = share(B, -5, 2);
    String held = share(C, 40, -1);
    new Holds(bucket.store).holdConversation(C, "case-19", "litigation hold", AgedBucket.NOW);
    String orphanMarker = share(B, 50, 45);
    bucket.store.delete(ShareFiles.recordKey(orphanMarker)); // a run stopped between deletes
    Ledger ledger = new Ledger(bucket.store);
    ObjectNode created = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    created.put("stage", "share/" + expired + "/created").put("outcome", "created");
    created.putObject("input").put("hash", "sha512-pinned");
    ledger.append(A, "share/" + expired + "/created", "sha512-pinned", created);
    List<JsonNode> earlier = ledger.records(A);
    int before = earlier.size();

    ObjectNode state = service().run(EraseProgress.SILENT);

    assertThat(bucket.keys(ShareFiles.PREFIX))
        .containsExactlyInAnyOrder(
            ShareFiles.recordKey(recent),
            ShareFiles.recordKey(revokedRecently),
            ShareFiles.revokedKey(revokedRecently),
            ShareFiles.recordKey(held));
    assertThat(ledger.records(A)).hasSize(before + 2);
    assertThat(ledger.records(A).subList(0, before)).isEqualTo(earlier); // share events kept
    assertThat(ledger.records(A).get(before).path("kind").asText()).isEqualTo("share");
    assertThat(ledger.verifyChain(A)).isTrue();
    JsonNode receipt = payload(state);
    assertThat(receipt.path("totals").path("share_expired").asInt()).isEqualTo(3);
    assertThat(receipt.path("held").toString()).contains(ShareFiles.recordKey(held));
    assertThat(receipt.toString()).contains(ShareFiles.recordKey(expired));
    assertThat(receipt.toString()).contains(ShareFiles.recordKey(revoked));

    ObjectNode later =
        service(Clock.offset(AgedBucket.CLOCK, Duration.ofDays(2)), recordingSinks())
            .run(EraseProgress.SILENT);
    assertThat(later.path("status").asText()).isEqualTo("done");
    assertThat(bucket.keys(ShareFiles.PREFIX))
        .containsExactlyInAnyOrder(
            ShareFiles.recordKey(revokedRecently),
            ShareFiles.revokedKey(revokedRecently),
            ShareFiles.recordKey(held));
  }

  private JsonNode payload(ObjectNode state) {
    String jws = new LifecycleRuns(bucket.store).receipt(state.path("run").asText()).orElseThrow();
    return ReceiptSigner.verify(jws, signer.publicKey()).payload();
  }

  private SinkPort recordingSinks() {
    return new RecordingSinks(sinkDeletes);
  }

  /** Records which (conversation, sink) it was asked to delete. */
  static class RecordingSinks implements SinkPort {
    private final List<String> deletes;

    RecordingSinks(List<String> deletes) {
      this.deletes = deletes;
    }

    @Override
    public SinkDeletion delete(SinkJournalEntry entry) throws Exception {
      deletes.add(entry.conversationId() + "@" + entry.sink());
      return SinkDeletion.deleted(entry.targetIds().size() + " target(s) deleted");
    }

    @Override
    public void replace(SinkJournalEntry entry, Vcon scrubbed) {}

    @Override
    public List<SinkScan> scan(ResidueMatcher matcher) {
      return List.of();
    }
  }
}
