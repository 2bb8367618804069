package io.conserver.platform.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.erase.SinkJournalEntry;
import io.conserver.platform.holds.Holds;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.media.MediaReferences;
import io.conserver.platform.share.ShareFiles;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds what is due at a given time, reading only. An object is due when its <em>object time</em>
 * (when the store wrote it: S3 {@code LastModified}, GCS {@code updated}, the file's time locally)
 * is at least its retention in whole days old. The object time, not a vCon's {@code created_at},
 * because it exists for every kind (drops, media, exports have no {@code created_at}), it is what
 * the backstop bucket rules count (so this function always acts before them), and a source cannot
 * move it: an archive of old calls imported today is kept for its full retention from today.
 *
 * <p>Copies are checked one by one against legal holds (the conversation's and its parties'); other
 * objects through the {@link HeldSet}. Media is planned in a second pass ({@link #planMedia}), once
 * the copies that referred to it are known to be gone.
 */
final class ExpiryPlanner {
  static final long MAX_DOCUMENT_BYTES = 64L * 1024 * 1024;

  /**
   * Share records go this long after the share ended (expired, or was revoked). Not shorter than
   * the longest share link (30 days), so a link whose record is gone has expired as well; the
   * ledger's share events, the audit trail, are never expired.
   */
  static final int SHARE_GRACE_DAYS = 30;

  private static final long MAX_RECORD_BYTES = 1024 * 1024;

  private final BlobStore store;
  private final RetentionRules rules;
  private final PartyIndex index;
  private final MediaReferences references;

  ExpiryPlanner(
      BlobStore store, RetentionRules rules, PartyIndex index, MediaReferences references) {
    this.store = store;
    this.rules = rules;
    this.index = index;
    this.references = references;
  }

  /**
   * Everything but media: copies, sink records, inbox, quarantine, exports, meter, receipts, and
   * the records of share links that ended.
   */
  ArrayNode plan(Instant now, HeldSet held) {
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    Map<String, List<String>> copiesById = copiesById();
    planCopies(now, held, copiesById, items);
    planSinks(now, held, items);
    for (String kind : List.of("inbox", "quarantine", "exports")) {
      for (String pipeline : rules.pipelines().keySet()) {
        rules.forKind(kind, pipeline).ifPresent(rule -> planPrefix(now, held, rule, items));
      }
    }
    for (String kind : List.of("meter", "receipts")) {
      rules.forKind(kind, null).ifPresent(rule -> planPrefix(now, held, rule, items));
    }
    planShares(now, held, items);
    return items;
  }

  /**
   * Share records {@value #SHARE_GRACE_DAYS} days after their share ended, whatever is declared.
   */
  private void planShares(Instant now, HeldSet held, ArrayNode items) {
    for (ShareFiles.Stored share : new ShareFiles(store).all()) {
      if (share.endedAt().plus(Duration.ofDays(SHARE_GRACE_DAYS)).isAfter(now)) {
        continue;
      }
      ObjectNode item = JsonNodeFactory.instance.objectNode();
      item.put("kind", "share");
      item.put("key", ShareFiles.recordKey(share.id()));
      item.put("retention_days", SHARE_GRACE_DAYS);
      item.put("object_time", share.endedAt().toString());
      item.put("status", "planned");
      item.put("conversation", share.conversation());
      texts(item, "keys", share.keys());
      if (!share.conversation().isEmpty()) {
        markHeld(item, held.heldBy(share.conversation()));
      }
      items.add(item);
    }
  }

  private void planCopies(
      Instant now, HeldSet held, Map<String, List<String>> copiesById, ArrayNode items) {
    for (Map.Entry<String, List<String>> conversation : copiesById.entrySet()) {
      for (String key : conversation.getValue()) {
        String[] parts = key.split("/");
        Optional<RetentionRules.Rule> rule = rules.forStage(parts[1], parts[2]);
        Optional<BlobMetadata> meta = store.head(key);
        if (rule.isEmpty() || meta.isEmpty() || !due(meta.get(), rule.get(), now)) {
          continue;
        }
        ObjectNode item = item("copy", meta.get(), rule.get());
        item.put("stage", parts[2]);
        item.put("conversation", conversation.getKey());
        Optional<Vcon> vcon = readVcon(key);
        Set<String> hmacs = new LinkedHashSet<>();
        vcon.ifPresent(v -> hmacs.addAll(Holds.partyHmacs(List.of(v), index)));
        vcon.ifPresent(v -> item.put("vcon_uuid", v.uuid()));
        texts(item, "party_hmacs", hmacs);
        texts(item, "media", vcon.map(references::mediaKeysOf).orElse(Set.of()));
        List<String> siblings = new ArrayList<>(conversation.getValue());
        siblings.remove(key);
        texts(item, "siblings", siblings);
        markHeld(item, held.heldBy(conversation.getKey(), hmacs));
        items.add(item);
      }
    }
  }

  private void planSinks(Instant now, HeldSet held, ArrayNode items) {
    for (BlobMetadata journal : store.list("sinks/journal/")) {
      Optional<JsonNode> record = readJson(journal.key(), MAX_RECORD_BYTES);
      if (record.isEmpty()) {
        continue;
      }
      SinkJournalEntry entry = SinkJournalEntry.of(journal.key(), record.get());
      Optional<RetentionRules.Rule> rule = rules.forSink(entry.pipeline(), entry.stage());
      if (rule.isEmpty() || !due(exportedAt(record.get(), journal), rule.get(), now)) {
        continue;
      }
      ObjectNode item = item("sink", journal, rule.get());
      item.put("object_time", exportedAt(record.get(), journal).toString());
      item.put("conversation", entry.conversationId());
      item.set("entry", entry.toJson());
      markHeld(item, held.heldBy(entry.conversationId()));
      items.add(item);
    }
  }

  /**
   * Plain objects under a prefix: inbox drops, quarantine records, export files, meter, receipts.
   */
  private void planPrefix(Instant now, HeldSet held, RetentionRules.Rule rule, ArrayNode items) {
    for (BlobMetadata object : store.list(rule.prefix())) {
      if (!due(object, rule, now) || object.key().startsWith(LifecycleRuns.RECEIPT_PREFIX)) {
        continue; // expiry receipts are evidence of expiry itself: kept whatever "receipts" says
      }
      ObjectNode item = item(rule.kind(), object, rule);
      List<String> holdIds = new ArrayList<>(held.heldByKey(object.key()));
      if (holdIds.isEmpty() && !held.isEmpty()) {
        holdIds.addAll(heldThroughContent(object, rule, held));
      }
      markHeld(item, holdIds);
      items.add(item);
    }
  }

  /**
   * An inbox drop or quarantined input that is itself a vCon names its parties: a hold on one of
   * them keeps it even though no conversation was made from it yet.
   */
  private List<String> heldThroughContent(
      BlobMetadata object, RetentionRules.Rule rule, HeldSet held) {
    String input = object.key();
    if (rule.kind().equals("quarantine")) {
      input =
          readJson(object.key(), MAX_RECORD_BYTES)
              .map(json -> json.path("event").path("key").asText(""))
              .orElse("");
      List<String> byInput = held.heldByKey(input);
      if (!byInput.isEmpty()) {
        return byInput;
      }
    }
    if (!(rule.kind().equals("inbox") || rule.kind().equals("quarantine"))
        || !input.endsWith(".json")) {
      return List.of();
    }
    return readVcon(input)
        .map(v -> held.heldBy(v.uuid(), Holds.partyHmacs(List.of(v), index)))
        .orElse(List.of());
  }

  /**
   * Media whose retention passed and that no live conversation refers to. A conversation is live
   * while it has a copy under {@code vcons/} that is not in {@code leaving} (copies this run
   * expires). References recorded for conversations that are gone are stale and do not keep media;
   * media that has no reference at all (written before references were kept) is checked against the
   * live copies themselves before it may go.
   */
  ArrayNode planMedia(Instant now, Set<String> leaving) {
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    Optional<RetentionRules.Rule> rule = rules.forKind("media", null);
    if (rule.isEmpty()) {
      return items;
    }
    Map<String, List<String>> live = copiesById();
    live.values().forEach(copies -> copies.removeAll(leaving));
    live.values().removeIf(List::isEmpty);
    Set<String> liveIds = new LinkedHashSet<>(live.keySet());
    Set<String> referencedByCopies = null;
    for (BlobMetadata object : store.list("media/")) {
      if (object.key().startsWith(MediaReferences.PREFIX) || !due(object, rule.get(), now)) {
        continue;
      }
      Set<String> referrers = references.referrers(object.key());
      List<String> liveReferrers = referrers.stream().filter(liveIds::contains).toList();
      ObjectNode item = item("media", object, rule.get());
      if (referrers.isEmpty()) {
        if (referencedByCopies == null) {
          referencedByCopies = mediaOfCopies(live.values());
        }
        if (referencedByCopies.contains(object.key())) {
          item.put("status", "kept");
          item.put("detail", "referred to by a live conversation (no reference recorded)");
        }
      } else if (!liveReferrers.isEmpty()) {
        item.put("status", "kept");
        item.put("still_referenced_by", liveReferrers.size());
      }
      texts(
          item, "stale_references", referrers.stream().filter(r -> !liveIds.contains(r)).toList());
      items.add(item);
    }
    return items;
  }

  private Set<String> mediaOfCopies(Collection<List<String>> copies) {
    Set<String> media = new LinkedHashSet<>();
    copies.forEach(
        keys ->
            keys.forEach(k -> readVcon(k).ifPresent(v -> media.addAll(references.mediaKeysOf(v)))));
    return media;
  }

  Map<String, List<String>> copiesById() {
    Map<String, List<String>> copies = new LinkedHashMap<>();
    for (BlobMetadata object : store.list("vcons/")) {
      BucketLayout.conversationIdOf(object.key())
          .ifPresent(id -> copies.computeIfAbsent(id, k -> new ArrayList<>()).add(object.key()));
    }
    return copies;
  }

  static boolean due(BlobMetadata object, RetentionRules.Rule rule, Instant now) {
    return due(object.lastModified(), rule, now);
  }

  /** Due once whole days of retention have passed since the object time. */
  static boolean due(Instant objectTime, RetentionRules.Rule rule, Instant now) {
    return !objectTime.plus(Duration.ofDays(rule.days())).isAfter(now);
  }

  private static Instant exportedAt(JsonNode record, BlobMetadata journal) {
    try {
      return Instant.parse(record.path("at").asText());
    } catch (RuntimeException e) {
      return journal.lastModified();
    }
  }

  private static ObjectNode item(String kind, BlobMetadata object, RetentionRules.Rule rule) {
    ObjectNode item = JsonNodeFactory.instance.objectNode();
    item.put("kind", kind);
    item.put("key", object.key());
    if (rule.pipeline() != null) {
      item.put("pipeline", rule.pipeline());
    }
    item.put("retention_days", rule.days());
    item.put("object_time", object.lastModified().toString());
    item.put("status", "planned");
    return item;
  }

  private static void markHeld(ObjectNode item, List<String> holdIds) {
    if (!holdIds.isEmpty()) {
      item.put("status", "held");
      texts(item, "held_by", holdIds);
    }
  }

  static void texts(ObjectNode item, String member, Collection<String> values) {
    ArrayNode array = item.putArray(member);
    values.forEach(array::add);
  }

  Optional<Vcon> readVcon(String key) {
    return readJson(key, MAX_DOCUMENT_BYTES)
        .filter(json -> json.isObject() && json.has("uuid") && json.has("parties"))
        .flatMap(
            json -> {
              try {
                return Optional.of(Vcon.of(json));
              } catch (RuntimeException e) {
                return Optional.empty();
              }
            });
  }

  private Optional<JsonNode> readJson(String key, long max) {
    try {
      return Optional.of(VconJson.codec().read(store.getBytes(key, max)));
    } catch (RuntimeException e) {
      return Optional.empty(); // not JSON, too large, or gone: nothing to learn from it
    }
  }
}
