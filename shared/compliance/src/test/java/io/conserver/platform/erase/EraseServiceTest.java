package io.conserver.platform.erase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.holds.Holds;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.share.ShareFiles;
import io.conserver.platform.share.StoredShares;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.ForwardingBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.storage.StorageException;
import io.conserver.vcon.Vcon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EraseServiceTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  static final String ERASED = "tel:+15551234567";
  static final String A = "019f15a6-a752-826f-b9a2-279e0d16bc46"; // erased party + other
  static final String B = "019f1b2c-3d4e-8f60-8a1b-2c3d4e5f6a7b"; // others only, shares A's media
  static final String C = "019f1c00-7a1b-8c2d-9e3f-405162738495"; // erased party + other

  @TempDir Path dir;
  private FileSystemBlobStore files;
  private Bucket bucket;
  private ReceiptSigner signer;
  private final List<String> sinkDeletes = new ArrayList<>();

  @BeforeEach
  void setUp() {
    files = new FileSystemBlobStore("acme-bucket", dir.resolve("b"), dir.resolve("m"));
    bucket = new Bucket(files, CLOCK);
    signer = new ReceiptSigner(ReceiptSigner.generateKeyPair());
    String shared = bucket.media("hold music shared by A and B");
    String onlyA = bucket.media("A's own recording");
    String onlyC = bucket.media("C's own recording");
    bucket.ingest(
        "a.vcon.json",
        Bucket.vcon(
            A,
            "+15551234567",
            "+14155550142",
            onlyA,
            "my number is five five five one two three four five six seven"));
    bucket.ingest("b.vcon.json", Bucket.vcon(B, "+14155550142", "+18005550100", shared, "hello"));
    bucket.ingest("c.vcon.json", Bucket.vcon(C, "+18005550100", "+1 (555) 123-4567", onlyC, "hi"));
    // A also refers to the shared media through an attachment.
    // An export of A to a files sink, journalled as the export stage does.
    String export = "exports/calls/lake/2026-11-26/" + A + ".jsonl";
    files.putBytes(
        export,
        files.getBytes(BucketLayout.outputKey("calls", "export", A), 1 << 20),
        PutOptions.JSON);
    files.putBytes(
        BucketLayout.sinkJournalKey(A, "lake"),
        ("{\"vcon\":\""
                + A
                + "\",\"pipeline\":\"calls\",\"stage\":\"export\",\"sink\":\"lake\","
                + "\"type\":\"files\",\"target_ids\":[\""
                + export
                + "\"]}")
            .getBytes(StandardCharsets.UTF_8),
        PutOptions.JSON);
    // Unindexed: a chat export never processed, and a quarantined drop that names the party.
    bucket.drop("chat-1.json", "{\"participants\":[{\"phone\":\"555-123-4567\"}],\"messages\":[]}");
    bucket.drop("other-chat.json", "{\"participants\":[{\"phone\":\"415-555-0142\"}]}");
    files.putBytes(
        "quarantine/calls/ingest/drop-0123456789abcdef01234567.json",
        "{\"event\":{\"key\":\"inbox/calls/broken.json\"},\"error\":{\"message\":\"bad\"}}"
            .getBytes(StandardCharsets.UTF_8),
        PutOptions.JSON);
    bucket.drop("broken.json", "{\"from\": \"(555) 123 4567\", \"broken\": ");
  }

  private EraseService service(BlobStore store) {
    return new EraseService(
        store, "acme", Bucket.KEY, bucket.media, signer, filesPort(store), CLOCK);
  }

  /** The files sink's delete, over the bucket: what the export module's port does for files. */
  private SinkPort filesPort(BlobStore store) {
    return new SinkPort() {
      @Override
      public SinkDeletion delete(SinkJournalEntry entry) {
        entry.targetIds().forEach(store::delete);
        sinkDeletes.add(entry.sink() + ":" + entry.conversationId());
        return SinkDeletion.deleted(entry.targetIds().size() + " object(s)");
      }

      @Override
      public void replace(SinkJournalEntry entry, Vcon scrubbed) {
        entry.targetIds().forEach(k -> store.putBytes(k, scrubbed.toBytes(), PutOptions.JSON));
      }

      @Override
      public List<SinkScan> scan(ResidueMatcher matcher) {
        return List.of();
      }
    };
  }

  @Test
  void erase_removesEveryTraceOfTheParty_keepsOthers_andSignsAReceipt() throws Exception {
    EraseService service = service(files);
    String id = service.start(ERASED, ErasePolicy.ERASE);
    ObjectNode state = service.run(id, EraseProgress.SILENT);

    assertThat(state.path("status").asText()).isEqualTo("done");
    assertThat(state.has("sealed_identifier")).isFalse();
    // A and C are gone everywhere; B is whole.
    for (String gone : List.of(A, C)) {
      assertThat(bucket.keys("vcons/")).noneMatch(k -> k.contains(gone));
      assertThat(bucket.keys("index/")).noneMatch(k -> k.endsWith(gone));
      assertThat(bucket.keys("sinks/journal/" + gone)).isEmpty();
    }
    assertThat(bucket.keys("vcons/")).filteredOn(k -> k.contains(B)).hasSize(2);
    assertThat(bucket.index.conversationsOf("tel:+14155550142")).containsExactly(B);
    assertThat(bucket.keys("exports/")).isEmpty();
    assertThat(sinkDeletes).containsExactly("lake:" + A);
    // Media: A's and C's own went, B's stayed.
    assertThat(bucket.keys("media/")).hasSize(1);
    // Drops that named the party went; the other party's drop stayed.
    assertThat(bucket.keys("inbox/"))
        .containsExactly("inbox/calls/b.vcon.json", "inbox/calls/other-chat.json");
    assertThat(bucket.keys("quarantine/")).isEmpty();
    // The ledger keeps its records, one "erased" record more, and its chain holds.
    Ledger ledger = new Ledger(files);
    assertThat(ledger.records(A))
        .last()
        .satisfies(r -> assertThat(r.path("outcome").asText()).isEqualTo("erased"));
    assertThat(ledger.verifyChain(A)).isTrue();
    // Nothing in the bucket names the party any more, in any form.
    ResidueMatcher matcher = ResidueMatcher.forIdentifier(ERASED);
    assertThat(new ResidueScanner(files, matcher).scan("").findings()).isEmpty();

    String jws = service.requests().receipt(id).orElseThrow();
    ReceiptSigner.Verification verification = ReceiptSigner.verify(jws, signer.publicKey());
    assertThat(verification.valid()).isTrue();
    JsonNode receipt = verification.payload();
    assertThat(receipt.path("party_hmac").asText()).isEqualTo(service.partyHmac(ERASED));
    assertThat(receipt.toString()).doesNotContain("5551234567").doesNotContain("chat-1");
    assertThat(receipt.path("totals").path("conversations_erased").asInt()).isEqualTo(2);
    assertThat(receipt.path("totals").path("media_deleted").asInt()).isEqualTo(2);
    assertThat(receipt.path("residue_scan").path("clean").asBoolean()).isTrue();
    assertThat(receipt.path("unindexed_drops").path("inbox")).hasSize(2);
  }

  private String share(String conversation, boolean revoked) {
    return StoredShares.write(
        files,
        conversation,
        Instant.parse("2026-12-01T00:00:00Z"),
        revoked ? Optional.of(Instant.parse("2026-11-25T00:00:00Z")) : Optional.empty());
  }

  @Test
  void erase_deletesTheConversationsShareRecords_andTheLedgerKeepsTheirEvents() throws Exception {
    share(A, false);
    share(A, true);
    share(C, false);
    String others = share(B, false);
    ObjectNode event = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    event.put("stage", "share/x/created").putObject("input").put("hash", "sha512-pinned");
    new Ledger(files).append(A, "share/x/created", "sha512-pinned", event);

    EraseService service = service(files);
    String id = service.start(ERASED, ErasePolicy.ERASE);
    assertThat(
            service
                .dryRun(ERASED, ErasePolicy.ERASE)
                .path("would_delete")
                .path("share_records")
                .asInt())
        .isEqualTo(4);
    service.run(id, EraseProgress.SILENT);

    assertThat(bucket.keys(ShareFiles.PREFIX)).containsExactly(ShareFiles.recordKey(others));
    assertThat(new Ledger(files).records(A))
        .anySatisfy(r -> assertThat(r.path("stage").asText()).isEqualTo("share/x/created"));
    JsonNode receipt =
        ReceiptSigner.verify(service.requests().receipt(id).orElseThrow(), signer.publicKey())
            .payload();
    assertThat(receipt.path("totals").path("share_records").asInt()).isEqualTo(4);
  }

  @Test
  void aNumberWrittenWithoutItsCountryCode_isFound_butAForeignNumberOfTheSameDigitsIsNot()
      throws Exception {
    // Indexed as tel:+5551234567 (no country code given): the erase of +1 555 123 4567 must find
    // it, yet must not take a conversation of the real number +55 5123 4567 (Brazil).
    String national = "019f1d00-0000-8000-8000-000000000010";
    String foreign = "019f1d00-0000-8000-8000-000000000011";
    bucket.ingest(
        "n.vcon.json",
        Bucket.vcon(national, "(555) 123-4567", "+16175550000", bucket.media("n"), "hi"));
    bucket.ingest(
        "f.vcon.json",
        Bucket.vcon(foreign, "+55 5123 4567", "+16175550001", bucket.media("f"), "hi"));
    // The drops are gone (the inbox's retention is short): only the index can find them now.
    files.delete("inbox/calls/n.vcon.json");
    files.delete("inbox/calls/f.vcon.json");

    EraseService service = service(files);
    service.run(service.start(ERASED, ErasePolicy.ERASE), EraseProgress.SILENT);

    assertThat(bucket.keys("vcons/")).noneMatch(k -> k.contains(national));
    assertThat(bucket.keys("vcons/")).filteredOn(k -> k.contains(foreign)).hasSize(2);
  }

  @Test
  void sharedMedia_isKeptUntilItsLastReferenceGoes() throws Exception {
    String shared = bucket.media("hold music shared by A and B");
    String b2 = "019f1d00-0000-8000-8000-000000000002";
    bucket.ingest("b2.vcon.json", Bucket.vcon(b2, "+15551234567", "+16175550000", shared, "x"));
    String mediaKey = bucket.media.keyOf(shared).orElseThrow();

    EraseService service = service(files);
    ObjectNode state = service.run(service.start(ERASED, ErasePolicy.ERASE), EraseProgress.SILENT);

    assertThat(files.head(mediaKey)).isPresent(); // B still refers to it
    JsonNode receipt =
        ReceiptSigner.verify(
                service.requests().receipt(state.path("request").asText()).orElseThrow(),
                signer.publicKey())
            .payload();
    assertThat(receipt.toString()).contains("\"still_referenced_by\":1");
  }

  @Test
  void heldConversation_isNotErased_andTheReceiptSaysWhichAndWhy() throws Exception {
    Holds holds = new Holds(files);
    holds.holdConversation(C, "CASE-1", "litigation hold", CLOCK.instant());
    EraseService service = service(files);

    ObjectNode dryRun = service.dryRun(ERASED, ErasePolicy.ERASE);
    assertThat(dryRun.path("held").get(0).path("id").asText()).isEqualTo(C);

    ObjectNode state = service.run(service.start(ERASED, ErasePolicy.ERASE), EraseProgress.SILENT);
    assertThat(bucket.keys("vcons/")).filteredOn(k -> k.contains(C)).hasSize(2);
    assertThat(bucket.keys("vcons/")).noneMatch(k -> k.contains(A));
    JsonNode receipt =
        ReceiptSigner.verify(
                service.requests().receipt(state.path("request").asText()).orElseThrow(),
                signer.publicKey())
            .payload();
    assertThat(receipt.path("totals").path("conversations_held").asInt()).isEqualTo(1);
    assertThat(receipt.toString()).contains("conversation/" + C + "/CASE-1");
    assertThat(receipt.path("residue_scan").path("findings_in_held_conversations").asInt())
        .isPositive();
    assertThat(receipt.path("residue_scan").path("clean").asBoolean()).isTrue();
  }

  @Test
  void dryRun_writesNothing() {
    List<String> before = bucket.keys("");
    ObjectNode summary = service(files).dryRun(ERASED, ErasePolicy.ERASE);

    assertThat(bucket.keys("")).isEqualTo(before);
    assertThat(summary.path("conversations")).hasSize(2);
    assertThat(summary.path("would_delete").path("copies").asInt()).isEqualTo(4);
    assertThat(summary.path("would_delete").path("unindexed_inbox_drops").asInt()).isEqualTo(2);
  }

  @Test
  void crashMidway_aRerunFinishesTheRequest_andRecordsEachErasureOnce() throws Exception {
    AtomicInteger deletes = new AtomicInteger();
    BlobStore failing = new FailingDeletes(files, deletes, 5);
    EraseService crashing = service(failing);
    String id = crashing.start(ERASED, ErasePolicy.ERASE);
    assertThatThrownBy(() -> crashing.run(id, EraseProgress.SILENT))
        .isInstanceOf(StorageException.class);
    assertThat(crashing.requests().unfinished()).containsExactly(id);

    // A restart: the same request id, resumed from its state.
    EraseService restarted = service(files);
    assertThat(restarted.start(ERASED, ErasePolicy.ERASE)).isEqualTo(id);
    assertThat(restarted.resumeUnfinished(EraseProgress.SILENT)).containsExactly(id);

    assertThat(restarted.requests().unfinished()).isEmpty();
    assertThat(bucket.keys("vcons/")).noneMatch(k -> k.contains(A) || k.contains(C));
    Ledger ledger = new Ledger(files);
    for (String gone : List.of(A, C)) {
      assertThat(ledger.records(gone))
          .filteredOn(r -> r.path("stage").asText().equals("erase"))
          .hasSize(1);
    }
    assertThat(sinkDeletes).containsExactly("lake:" + A);
    JsonNode receipt =
        ReceiptSigner.verify(restarted.requests().receipt(id).orElseThrow(), signer.publicKey())
            .payload();
    assertThat(receipt.path("totals").path("copies").asInt()).isEqualTo(4);
    assertThat(receipt.path("residue_scan").path("clean").asBoolean()).isTrue();
  }

  @Test
  void scrub_keepsTheOtherPartiesData_withoutTheParty() throws Exception {
    EraseService service = service(files);
    ObjectNode state = service.run(service.start(ERASED, ErasePolicy.SCRUB), EraseProgress.SILENT);

    Vcon scrubbed =
        Vcon.parse(files.getBytes(BucketLayout.outputKey("calls", "export", A), 1 << 20));
    assertThat(scrubbed.redacted()).isPresent();
    assertThat(scrubbed.parties().get(0).toJson().isEmpty()).isTrue();
    assertThat(scrubbed.parties().get(1).tel()).contains("+14155550142");
    assertThat(scrubbed.dialogs().get(1).text("body")).contains("hello from B");
    assertThat(scrubbed.dialogs().get(0).url()).isEmpty(); // the recording had the party on it
    assertThat(bucket.index.conversationsOf("tel:+14155550142")).contains(A, B);
    assertThat(bucket.index.conversationsOf(ERASED)).isEmpty();
    assertThat(state.path("residue_clean").asBoolean()).isTrue();
    assertThat(bucket.text("exports/calls/lake/2026-11-26/" + A + ".jsonl"))
        .doesNotContain("5551234567");
  }

  @Test
  void notAnIdentifier_isAClearError() {
    assertThatThrownBy(() -> service(files).start("5551234567", ErasePolicy.ERASE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tel:+15551234567");
  }

  /** A store whose deletes fail after a number of successes: a crash in the middle of an erase. */
  private static final class FailingDeletes extends ForwardingBlobStore {
    private final AtomicInteger deletes;
    private final int allowed;

    FailingDeletes(BlobStore delegate, AtomicInteger deletes, int allowed) {
      super(delegate);
      this.deletes = deletes;
      this.allowed = allowed;
    }

    @Override
    public boolean delete(String key) {
      if (deletes.incrementAndGet() > allowed) {
        throw new StorageException("store unavailable (test)");
      }
      return super.delete(key);
    }
  }
}
