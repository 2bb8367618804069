package io.conserver.platform.erase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.holds.Hold;
import io.conserver.platform.holds.Holds;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.media.MediaReferences;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.Vcon;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Carries out one conversation's {@link Footprint}: sinks first (the hardest to reach, and a
 * transient failure there should stop before the bucket copies that say where the exports are go),
 * then copies, quarantine, attempts, inbox drops, share records, index entries, media whose last
 * reference went, and an {@code erased} (or {@code scrubbed}) ledger record. Every step is a delete
 * or a conditional write, so running it again after a crash finishes the job without doing anything
 * twice; results are written into the footprint, which the request state keeps.
 */
final class ConversationEraser {
  static final String LEDGER_STAGE = "erase";

  private final BlobStore store;
  private final Holds holds;
  private final MediaReferences references;
  private final SinkPort sinks;
  private final Ledger ledger;
  private final Clock clock;

  ConversationEraser(
      BlobStore store, Holds holds, MediaReferences references, SinkPort sinks, Clock clock) {
    this.store = store;
    this.holds = holds;
    this.references = references;
    this.sinks = sinks;
    this.ledger = new Ledger(store);
    this.clock = clock;
  }

  /**
   * Erases (or scrubs) one conversation.
   *
   * @param leaving every conversation id this request removes, so media shared only among them goes
   *     with the last of them
   */
  void erase(
      Footprint footprint,
      ErasePolicy policy,
      Optional<Scrubber> scrubber,
      String requestId,
      Set<String> leaving,
      EraseProgress progress)
      throws Exception {
    List<Hold> held = holds.blocking(footprint.id(), footprint.texts("party_hmacs"));
    if (!held.isEmpty()) {
      footprint.setTexts("held_by", held.stream().map(Hold::id).toList());
      footprint.status("held");
      progress.step(footprint.id() + ": held (" + held.get(0).id() + "), not erased");
      return;
    }
    if (policy == ErasePolicy.SCRUB) {
      scrub(footprint, scrubber.orElseThrow(), progress);
    } else {
      eraseSinks(footprint);
      deleteAll(footprint.texts("copies"));
      deleteAll(footprint.texts("index"));
    }
    deleteAll(footprint.texts("quarantine"));
    deleteAll(footprint.texts("attempts"));
    deleteAll(footprint.texts("inbox"));
    deleteAll(footprint.texts("shares"));
    releaseMedia(footprint, leaving);
    appendLedger(footprint, policy, requestId);
    footprint.status(policy == ErasePolicy.SCRUB ? "scrubbed" : "erased");
    progress.step(footprint.id() + ": " + footprint.status());
  }

  /** Removes unindexed drops: inbox objects, their quarantine records and attempt markers. */
  void eraseDrops(Footprint drops) {
    deleteAll(drops.texts("quarantine"));
    deleteAll(drops.texts("attempts"));
    deleteAll(drops.texts("inbox"));
    drops.status("erased");
  }

  private void eraseSinks(Footprint footprint) throws Exception {
    ArrayNode results = footprint.array("sink_results");
    Set<String> done = new HashSet<>();
    results.forEach(r -> done.add(r.path("key").asText()));
    for (JsonNode entry : footprint.objects("journal")) {
      SinkJournalEntry journal = SinkJournalEntry.of(entry.path("key").asText(), entry);
      if (done.contains(journal.key())) {
        continue;
      }
      SinkPort.SinkDeletion deletion = sinks.delete(journal);
      ObjectNode result = results.addObject();
      result.put("key", journal.key());
      result.put("pipeline", journal.pipeline());
      result.put("sink", journal.sink());
      result.put("type", journal.type());
      journal.targetIds().forEach(result.putArray("target_ids")::add);
      result.put("outcome", deletion.outcome().name().toLowerCase(java.util.Locale.ROOT));
      result.put("detail", deletion.detail());
      store.delete(journal.key());
    }
  }

  private void scrub(Footprint footprint, Scrubber scrubber, EraseProgress progress)
      throws Exception {
    Set<String> mediaBefore = new LinkedHashSet<>();
    Set<String> mediaAfter = new LinkedHashSet<>();
    ArrayNode rewritten = footprint.array("rewritten");
    for (String key : footprint.texts("copies")) {
      Optional<Vcon> copy = readVcon(key);
      if (copy.isEmpty()) {
        continue;
      }
      mediaBefore.addAll(references.mediaKeysOf(copy.get()));
      Optional<Vcon> scrubbed = scrubber.scrub(copy.get());
      Vcon kept = scrubbed.orElse(copy.get());
      mediaAfter.addAll(references.mediaKeysOf(kept));
      if (scrubbed.isPresent()) {
        store.putBytes(key, scrubbed.get().toBytes(), PutOptions.JSON);
        rewritten.add(key);
      }
    }
    for (JsonNode entry : footprint.objects("journal")) {
      SinkJournalEntry journal = SinkJournalEntry.of(entry.path("key").asText(), entry);
      Optional<Vcon> source = latestCopy(footprint, journal);
      if (source.isPresent()) {
        sinks.replace(journal, source.get());
      }
    }
    // Only the erased party's index entries go; the other parties still find the conversation.
    String partyHmac = footprint.json.path("erased_party_hmac").asText();
    for (String key : footprint.texts("index")) {
      if (key.startsWith(PartyIndex.PREFIX + partyHmac + "/")) {
        store.delete(key);
      }
    }
    // Media no longer referred to by any scrubbed copy is released like an erased conversation's.
    mediaBefore.removeAll(mediaAfter);
    ArrayNode media = JsonNodeFactory.instance.arrayNode();
    for (JsonNode entry : footprint.objects("media")) {
      if (mediaBefore.contains(entry.path("key").asText())) {
        media.add(entry);
      }
    }
    footprint.json.set("media", media);
    progress.step(
        footprint.id() + ": " + rewritten.size() + " copy(ies) rewritten without the party");
  }

  private Optional<Vcon> latestCopy(Footprint footprint, SinkJournalEntry journal) {
    String own = "vcons/" + journal.pipeline() + "/" + journal.stage() + "/";
    return footprint.texts("copies").stream()
        .filter(k -> k.startsWith(own))
        .findFirst()
        .flatMap(this::readVcon);
  }

  /** Deletes each media object whose references are all leaving; records what was kept. */
  private void releaseMedia(Footprint footprint, Set<String> leaving) {
    for (JsonNode node : footprint.objects("media")) {
      ObjectNode entry = (ObjectNode) node;
      String key = entry.path("key").asText();
      for (String id : footprint.ids()) {
        references.forget(key, id);
      }
      Set<String> remaining = new LinkedHashSet<>(references.referrers(key));
      entry.path("referrers").forEach(r -> remaining.add(r.asText()));
      remaining.removeAll(leaving);
      if (remaining.isEmpty()) {
        store.delete(key);
        entry.put("outcome", "deleted");
      } else {
        entry.put("outcome", "kept");
        entry.put("still_referenced_by", remaining.size());
      }
    }
  }

  private void appendLedger(Footprint footprint, ErasePolicy policy, String requestId) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("stage", LEDGER_STAGE);
    record.put("function", "erase");
    record.put("outcome", policy == ErasePolicy.SCRUB ? "scrubbed" : "erased");
    record.put("policy", policy.label());
    record.put("request", requestId);
    record.put("receipt", EraseRequests.receiptKey(requestId));
    ObjectNode input = record.putObject("input");
    input.put("key", EraseRequests.stateKey(requestId));
    input.put("hash", requestId);
    record.put("at", clock.instant().toString());
    // Empty when a previous run recorded it already: the chain holds one record per request.
    String key =
        ledger
            .append(footprint.id(), LEDGER_STAGE, requestId, record)
            .orElse(io.conserver.platform.BucketLayout.ledgerPrefix(footprint.id()));
    footprint.json.put("ledger", key);
  }

  private void deleteAll(List<String> keys) {
    keys.forEach(store::delete);
  }

  private Optional<Vcon> readVcon(String key) {
    try {
      return Optional.of(Vcon.parse(store.getBytes(key, ErasePlanner.MAX_DOCUMENT_BYTES)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
