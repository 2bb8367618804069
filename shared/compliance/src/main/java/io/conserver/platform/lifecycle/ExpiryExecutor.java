package io.conserver.platform.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.erase.SinkJournalEntry;
import io.conserver.platform.erase.SinkPort;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.media.MediaReferences;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.storage.BlobStore;
import io.conserver.vcon.ContentHash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Carries out one planned item. Every step is a delete, an idempotent ledger append or a sink
 * deletion the sinks make idempotent, in an order that lets a rerun after a crash finish the item
 * without doing anything twice: the ledger's {@code expired} record first (so a copy that is gone
 * with no record was removed by someone else, and is reported as gone), then the object, then what
 * pointed at it (party index entries and media references once the conversation has no copy left).
 * Holds are asked again here: one may have been set since the plan was made.
 */
final class ExpiryExecutor {
  static final String LEDGER_STAGE = "lifecycle";

  private final BlobStore store;
  private final HeldSet held;
  private final MediaReferences references;
  private final SinkPort sinks;
  private final Ledger ledger;
  private final ExpiryPlanner planner;
  private final String runId;
  private final Instant now;

  ExpiryExecutor(
      BlobStore store,
      HeldSet held,
      MediaReferences references,
      SinkPort sinks,
      ExpiryPlanner planner,
      String runId,
      Instant now) {
    this.store = store;
    this.held = held;
    this.references = references;
    this.sinks = sinks;
    this.ledger = new Ledger(store);
    this.planner = planner;
    this.runId = runId;
    this.now = now;
  }

  void execute(ObjectNode item) throws Exception {
    switch (item.path("kind").asText()) {
      case "copy" -> expireCopy(item);
      case "sink" -> expireSink(item);
      case "media" -> expireMedia(item);
      case "share" -> expireShare(item);
      default -> expirePlain(item);
    }
  }

  private void expireCopy(ObjectNode item) {
    String key = item.path("key").asText();
    String conversation = item.path("conversation").asText();
    List<String> hmacs = texts(item, "party_hmacs");
    if (rehold(item, held.heldBy(conversation, hmacs))) {
      return;
    }
    String inputHash = inputHash(key);
    boolean present = store.head(key).isPresent();
    if (!present && !recorded(conversation, inputHash)) {
      item.put("status", "gone");
      return;
    }
    ledger.append(conversation, LEDGER_STAGE, inputHash, record(item, inputHash));
    store.delete(key);
    List<String> remaining =
        texts(item, "siblings").stream().filter(k -> store.head(k).isPresent()).toList();
    Set<String> ids = new LinkedHashSet<>(List.of(conversation));
    if (item.hasNonNull("vcon_uuid")) {
      ids.add(item.path("vcon_uuid").asText());
    }
    Set<String> stillReferenced = new LinkedHashSet<>();
    remaining.forEach(
        k -> planner.readVcon(k).ifPresent(v -> stillReferenced.addAll(references.mediaKeysOf(v))));
    for (String media : texts(item, "media")) {
      if (!stillReferenced.contains(media)) {
        ids.forEach(id -> references.forget(media, id));
      }
    }
    if (remaining.isEmpty()) {
      // The conversation's last copy: nothing of it is left for the index to find.
      for (String hmac : hmacs) {
        ids.forEach(id -> store.delete(PartyIndex.entryKey(hmac, id)));
      }
      item.put("last_copy", true);
    }
    item.put("status", "expired");
  }

  private void expireSink(ObjectNode item) throws Exception {
    SinkJournalEntry entry = SinkJournalEntry.of(item.path("key").asText(), item.path("entry"));
    if (rehold(item, held.heldBy(entry.conversationId()))) {
      return;
    }
    String inputHash = inputHash(entry.key());
    if (store.head(entry.key()).isEmpty() && !recorded(entry.conversationId(), inputHash)) {
      item.put("status", "gone");
      return;
    }
    ledger.append(entry.conversationId(), LEDGER_STAGE, inputHash, record(item, inputHash));
    SinkPort.SinkDeletion deletion = sinks.delete(entry);
    item.put("outcome", deletion.outcome().name().toLowerCase(Locale.ROOT));
    item.put("detail", deletion.detail());
    store.delete(entry.key());
    item.put("status", "expired");
  }

  private void expireMedia(ObjectNode item) {
    String key = item.path("key").asText();
    // A conversation may have come to refer to it since the plan: references are checked again.
    List<String> stale = texts(item, "stale_references");
    Set<String> referrers = new LinkedHashSet<>(references.referrers(key));
    stale.forEach(referrers::remove);
    if (!referrers.isEmpty()) {
      item.put("status", "kept");
      item.put("still_referenced_by", referrers.size());
      return;
    }
    item.put("status", store.delete(key) ? "expired" : "gone");
    stale.forEach(id -> references.forget(key, id));
  }

  /**
   * A share link's record and revocation marker. Its conversation's ledger gets the {@code expired}
   * record (its share events stay there); a marker left without its record has no conversation.
   */
  private void expireShare(ObjectNode item) {
    String conversation = item.path("conversation").asText();
    if (!conversation.isEmpty() && rehold(item, held.heldBy(conversation))) {
      return;
    }
    List<String> keys = texts(item, "keys");
    String inputHash = inputHash(item.path("key").asText());
    boolean present = keys.stream().anyMatch(k -> store.head(k).isPresent());
    if (conversation.isEmpty()) {
      item.put("status", present ? "expired" : "gone");
    } else if (!present && !recorded(conversation, inputHash)) {
      item.put("status", "gone");
      return;
    } else {
      ledger.append(conversation, LEDGER_STAGE, inputHash, record(item, inputHash));
      item.put("status", "expired");
    }
    keys.forEach(store::delete);
  }

  private void expirePlain(ObjectNode item) {
    String key = item.path("key").asText();
    if (rehold(item, held.heldByKey(key))) {
      return;
    }
    item.put("status", store.delete(key) ? "expired" : "gone");
  }

  private static boolean rehold(ObjectNode item, List<String> holdIds) {
    if (holdIds.isEmpty()) {
      return false;
    }
    item.put("status", "held");
    ExpiryPlanner.texts(item, "held_by", holdIds);
    return true;
  }

  private boolean recorded(String conversation, String inputHash) {
    for (JsonNode record : ledger.records(conversation)) {
      if (LEDGER_STAGE.equals(record.path("stage").asText())
          && inputHash.equals(record.path("input").path("hash").asText())) {
        return true;
      }
    }
    return false;
  }

  /** The ledger's {@code expired} record: what went, under which rule, by which run. */
  private ObjectNode record(ObjectNode item, String inputHash) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("stage", LEDGER_STAGE);
    record.put("function", "lifecycle");
    record.put("outcome", "expired");
    record.put("kind", item.path("kind").asText());
    if (item.hasNonNull("pipeline")) {
      record.put("pipeline", item.path("pipeline").asText());
    }
    record.put("retention_days", item.path("retention_days").asInt());
    record.put("object_time", item.path("object_time").asText());
    record.put("run", runId);
    record.put("receipt", LifecycleRuns.receiptKey(runId));
    ObjectNode input = record.putObject("input");
    input.put("key", item.path("key").asText());
    input.put("hash", inputHash);
    record.put("at", now.toString());
    return record;
  }

  /**
   * One record per (run, key): a rerun of the run finds it, a later expiry of a new copy does not.
   */
  private String inputHash(String key) {
    return runId + "/" + ContentHash.sha512(key.getBytes(StandardCharsets.UTF_8));
  }

  static List<String> texts(JsonNode item, String member) {
    List<String> values = new ArrayList<>();
    item.path(member).forEach(v -> values.add(v.asText()));
    return values;
  }
}
