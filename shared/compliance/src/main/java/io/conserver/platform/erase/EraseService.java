package io.conserver.platform.erase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.Sha256;
import io.conserver.platform.holds.Holds;
import io.conserver.platform.index.PartyIdentifiers;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.media.MediaReferences;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.runner.HandoffStores;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Right to be forgotten for one tenant, cloud-neutral over its {@link BlobStore}: plan (find every
 * conversation and drop of a party), start (persist the plan under {@code requests/erase/}), run
 * (erase or scrub each conversation, resumable), then a residue scan over the whole bucket and the
 * readable sinks, and a signed receipt under {@code receipts/erase/}. The identifier never appears
 * in clear in anything written: the state keeps it sealed until the request is done, receipts and
 * progress carry its HMAC.
 */
public final class EraseService {
  static final String CONVERSATION_KIND = "conversation";

  private final BlobStore store;
  private final String tenant;
  private final PartyIndex index;
  private final SealedIdentifier sealing;
  private final Holds holds;
  private final MediaReferences references;
  private final ReceiptSigner signer;
  private final SinkPort sinks;
  private final Clock clock;
  private final EraseRequests requests;
  private final HandoffEraseRequester handoffs;

  public EraseService(
      BlobStore store,
      String tenant,
      byte[] partyIndexKey,
      MediaStore media,
      ReceiptSigner signer,
      SinkPort sinks,
      Clock clock) {
    this(store, tenant, partyIndexKey, media, signer, sinks, HandoffStores.NONE, clock);
  }

  /**
   * @param handoffStores the stores copies were handed to (a hybrid tenant's cloud bucket), where
   *     erase writes its requests for them
   */
  public EraseService(
      BlobStore store,
      String tenant,
      byte[] partyIndexKey,
      MediaStore media,
      ReceiptSigner signer,
      SinkPort sinks,
      HandoffStores handoffStores,
      Clock clock) {
    this.handoffs = new HandoffEraseRequester(handoffStores, clock);
    this.store = store;
    this.tenant = tenant;
    this.index = new PartyIndex(store, partyIndexKey);
    this.sealing = new SealedIdentifier(partyIndexKey);
    this.holds = new Holds(store);
    this.references = new MediaReferences(store, media);
    this.signer = signer;
    this.sinks = sinks;
    this.clock = clock;
    this.requests = new EraseRequests(store);
  }

  public EraseRequests requests() {
    return requests;
  }

  /** The HMAC an identifier is known by in receipts, holds and the index. */
  public String partyHmac(String identifier) {
    return index.hmac(normalised(identifier));
  }

  /** What a request would do, without writing anything (the {@code --dry-run}). */
  public ObjectNode dryRun(String identifier, ErasePolicy policy) {
    ObjectNode state = planState(identifier, policy);
    ObjectNode summary = JsonNodeFactory.instance.objectNode();
    summary.put("party_hmac", state.path("party_hmac").asText());
    summary.put("policy", policy.label());
    int held = 0;
    ArrayNode heldIds = summary.putArray("held");
    ObjectNode counts = summary.putObject("would_delete");
    for (JsonNode node : state.path("conversations")) {
      Footprint f = new Footprint((ObjectNode) node);
      if (!f.texts("held_by").isEmpty()) {
        held++;
        ObjectNode h = heldIds.addObject();
        h.put("id", f.id());
        f.texts("held_by").forEach(h.putArray("held_by")::add);
        continue;
      }
      summary.withArray("conversations").add(f.id());
      count(counts, "copies", f.texts("copies").size());
      count(counts, "media_candidates", f.objects("media").size());
      count(counts, "quarantine_records", f.texts("quarantine").size());
      count(counts, "inbox_drops", f.texts("inbox").size());
      count(counts, "attempt_markers", f.texts("attempts").size());
      count(counts, "share_records", f.texts("shares").size());
      count(counts, "index_entries", f.texts("index").size());
      count(counts, "sink_records", f.objects("journal").size());
    }
    Footprint drops = new Footprint((ObjectNode) state.path("drops"));
    count(counts, "unindexed_inbox_drops", drops.texts("inbox").size());
    count(counts, "unindexed_quarantine_records", drops.texts("quarantine").size());
    summary.put("held_count", held);
    return summary;
  }

  /**
   * Starts a request (or finds the unfinished one for the same party and policy, which a rerun
   * continues) and returns its id. The plan is written before anything is deleted.
   */
  public String start(String identifier, ErasePolicy policy) {
    String hmac = partyHmac(identifier);
    Optional<String> unfinished = requests.unfinishedFor(hmac, policy);
    if (unfinished.isPresent()) {
      return unfinished.get();
    }
    ObjectNode state = planState(identifier, policy);
    String id = requests.create(clock.instant(), hmac, state);
    state.put("sealed_identifier", sealing.seal(identifier, id));
    requests.save(state);
    return id;
  }

  /**
   * Starts an erase of conversations named by id, with no party (what a hybrid tenant's cloud half
   * does for the redacted copy the premises handed it): each conversation of which anything is left
   * goes whole, every copy, sink record and object derived from it; the residue scan looks for the
   * ids. {@code origin} says who asked (a hand-off request's key) and finds the request again.
   */
  public String startConversations(List<String> conversationIds, String origin) {
    ErasePlanner.Plan plan =
        new ErasePlanner(store, index, holds, references).planConversations(conversationIds);
    ObjectNode state = JsonNodeFactory.instance.objectNode();
    state.put("request", "");
    state.put("tenant", tenant);
    state.put("kind", CONVERSATION_KIND);
    state.put("origin", origin);
    conversationIds.forEach(state.putArray("conversations_requested")::add);
    state.put("policy", ErasePolicy.ERASE.label());
    state.put("status", "planned");
    state.put("requested_at", clock.instant().toString());
    ArrayNode conversations = state.putArray("conversations");
    plan.conversations().forEach(f -> conversations.add(f.json));
    state.set("drops", plan.looseDrops().json);
    return requests.create(clock.instant(), Sha256.hex(String.join(",", conversationIds)), state);
  }

  /**
   * Carries out (or continues) a request; returns its final state. The local part (conversations,
   * drops, residue scan) runs once; then the erase of copies handed to another store is requested
   * there, and until each is answered the request stays {@link EraseRequests#AWAITING_CLOUD} (or
   * {@link EraseRequests#PENDING_CLOUD} while a request could not be written), so a later run
   * (resume, {@code run --once}, the lifecycle job) reads the answers and signs the receipt again.
   */
  public ObjectNode run(String requestId, EraseProgress progress) throws Exception {
    ObjectNode state =
        requests
            .load(requestId)
            .orElseThrow(() -> new IllegalArgumentException("no erase request " + requestId));
    if ("done".equals(state.path("status").asText())) {
      return state;
    }
    List<Footprint> footprints = new ArrayList<>();
    state.path("conversations").forEach(n -> footprints.add(new Footprint((ObjectNode) n)));
    boolean signed = state.has("residue") && !state.path("status").asText().equals("running");
    if (!state.has("residue")) {
      eraseHere(state, footprints, progress);
    }
    boolean changed = handoffs.request(footprints, requestId, progress);
    if (signed && !changed) {
      return state; // nothing new from the cloud: the receipt already says so
    }
    ObjectNode residue = (ObjectNode) state.path("residue");
    String status = finalStatus(footprints);
    ObjectNode receipt = EraseReceipt.of(state, residue);
    receipt.put("tenant", tenant);
    receipt.put("status", status);
    store.putBytes(
        EraseRequests.receiptKey(requestId),
        signer.sign(receipt).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        PutOptions.of("application/jose"));
    finish(state, residue, status);
    requests.save(state);
    if (!state.path("status").asText().equals("done")) {
      progress.step(
          "cloud copies not confirmed erased yet ("
              + state.path("status").asText()
              + "): the receipt says so; `erase resume` or the next run checks again");
    }
    return state;
  }

  /** The local part of a request: each conversation, the unindexed drops, the residue scan. */
  private void eraseHere(ObjectNode state, List<Footprint> footprints, EraseProgress progress)
      throws Exception {
    String requestId = state.path("request").asText();
    boolean byConversation = CONVERSATION_KIND.equals(state.path("kind").asText());
    String identifier =
        byConversation ? null : sealing.open(state.path("sealed_identifier").asText(), requestId);
    ErasePolicy policy = ErasePolicy.parse(state.path("policy").asText());
    ResidueMatcher matcher =
        byConversation
            ? ResidueMatcher.forConversations(idsOf(state, footprints))
            : ResidueMatcher.forIdentifier(identifier);
    Optional<Scrubber> scrubber =
        policy == ErasePolicy.SCRUB
            ? Optional.of(new Scrubber(normalised(identifier), matcher, clock))
            : Optional.empty();
    ConversationEraser eraser = new ConversationEraser(store, holds, references, sinks, clock);
    Set<String> leaving = new LinkedHashSet<>();
    footprints.stream()
        .filter(f -> f.texts("held_by").isEmpty() && !f.status().equals("held"))
        .forEach(f -> leaving.addAll(f.ids()));
    state.put("status", "running");
    requests.save(state);
    int n = 0;
    for (Footprint footprint : footprints) {
      n++;
      if (footprint.finished()) {
        continue;
      }
      progress.step("[" + n + "/" + footprints.size() + "] " + footprint.id());
      try {
        eraser.erase(footprint, policy, scrubber, requestId, leaving, progress);
      } finally {
        requests.save(state); // partial sink results too, so a rerun does not repeat them
      }
    }
    Footprint drops = new Footprint((ObjectNode) state.path("drops"));
    if (!drops.finished()) {
      eraser.eraseDrops(drops);
      requests.save(state);
      progress.step(
          "unindexed drops: "
              + drops.texts("inbox").size()
              + " inbox, "
              + drops.texts("quarantine").size()
              + " quarantine");
    }
    progress.step("residue scan over the tenant's bucket and sinks");
    ObjectNode residue = residueScan(matcher, footprints, byConversation);
    state.set("residue", residue);
    // Done with the identifier: what follows (the cloud's answers) needs only the plan.
    state.remove("sealed_identifier");
    for (JsonNode node : state.path("conversations")) {
      hashInbox((ObjectNode) node);
    }
    hashInbox((ObjectNode) state.path("drops"));
    requests.save(state);
  }

  /**
   * Finishes every request a crash left unfinished (and reads the cloud's answers for those that
   * wait on them), then answers the erase requests another half of the tenant handed to this store
   * ({@link HandoffErase}); returns the ids of the requests run.
   */
  public List<String> resumeUnfinished(EraseProgress progress) throws Exception {
    List<String> resumed = new ArrayList<>();
    for (String id : requests.unfinished()) {
      progress.step("resuming erase request " + id);
      run(id, progress);
      resumed.add(id);
    }
    resumed.addAll(new HandoffEraseAnswers(store, this).answer(progress));
    return resumed;
  }

  private static String finalStatus(List<Footprint> footprints) {
    String status = "done";
    for (Footprint footprint : footprints) {
      for (JsonNode copy : footprint.objects("cloud_copies")) {
        String copyStatus = copy.path("status").asText();
        if (copyStatus.equals(HandoffEraseRequester.PENDING) || copyStatus.equals("planned")) {
          if (footprint.status().equals("erased") || footprint.status().equals("scrubbed")) {
            return EraseRequests.PENDING_CLOUD;
          }
        } else if (copyStatus.equals(HandoffEraseRequester.REQUESTED)) {
          status = EraseRequests.AWAITING_CLOUD;
        }
      }
    }
    return status;
  }

  /** The ids requested (found or not: the scan checks that nothing is left of either kind). */
  private static Set<String> idsOf(ObjectNode state, List<Footprint> footprints) {
    Set<String> ids = new LinkedHashSet<>();
    state.path("conversations_requested").forEach(id -> ids.add(id.asText()));
    footprints.forEach(f -> ids.addAll(f.ids()));
    return ids;
  }

  private ObjectNode residueScan(
      ResidueMatcher matcher, List<Footprint> footprints, boolean byConversation) throws Exception {
    // What a hold keeps is not residue: its ids, and its drops (whose names carry no id).
    Set<String> heldIds = new LinkedHashSet<>();
    Set<String> heldKeys = new LinkedHashSet<>();
    for (Footprint held : footprints) {
      if (held.status().equals("held")) {
        heldIds.addAll(held.ids());
        List.of("copies", "inbox", "quarantine").forEach(m -> heldKeys.addAll(held.texts(m)));
      }
    }
    ResidueScanner.Report report = new ResidueScanner(store, matcher).scan("");
    ObjectNode residue = JsonNodeFactory.instance.objectNode();
    residue.put("at", clock.instant().toString());
    residue.put("identifier_kind", matcher.kind());
    residue.put("objects_scanned", report.objects());
    residue.put("bytes_scanned", report.bytes());
    ArrayNode findings = residue.putArray("findings");
    int inHeld = 0;
    for (ResidueScanner.Finding finding : report.findings()) {
      if (byConversation && keptById(finding.key())) {
        continue;
      }
      if (heldKeys.contains(finding.key())
          || heldIds.stream().anyMatch(id -> finding.key().contains(id))) {
        inHeld++;
      } else {
        findings.add(EraseReceipt.finding(finding.key(), finding.forms()));
      }
    }
    residue.put("findings_in_held_conversations", inHeld);
    ArrayNode sinkScans = residue.putArray("sinks");
    int sinkMatches = 0;
    for (SinkPort.SinkScan scan : sinks.scan(matcher)) {
      ObjectNode json = sinkScans.addObject();
      json.put("pipeline", scan.pipeline());
      json.put("sink", scan.sink());
      json.put("type", scan.type());
      json.put("records_scanned", scan.records());
      scan.matches().forEach(json.putArray("findings")::add);
      sinkMatches += scan.matches().size();
    }
    residue.put("clean", findings.isEmpty() && sinkMatches == 0);
    return residue;
  }

  /**
   * What an erase by conversation id does not count as residue: records kept by design that name
   * conversations by id and hold no content (the ledger, usage records), and the erase's own
   * requests, answers and receipts.
   */
  private static boolean keptById(String key) {
    return key.startsWith("ledger/")
        || key.startsWith("meter/")
        || key.startsWith("requests/")
        || key.startsWith("receipts/");
  }

  /** Records the outcome; the identifier was dropped with the residue scan. */
  private void finish(ObjectNode state, ObjectNode residue, String status) {
    state.put("status", status);
    state.put("completed_at", residue.path("at").asText());
    state.put("receipt", EraseRequests.receiptKey(state.path("request").asText()));
    state.put("residue_clean", residue.path("clean").asBoolean());
    state.put("residue_findings", residue.path("findings").size());
  }

  private static void hashInbox(ObjectNode footprint) {
    ArrayNode hashed = JsonNodeFactory.instance.arrayNode();
    footprint.path("inbox").forEach(k -> hashed.add(ReceiptSigner.hashedKey(k.asText())));
    footprint.set("inbox", hashed);
  }

  private ObjectNode planState(String identifier, ErasePolicy policy) {
    String normalised = normalised(identifier);
    ResidueMatcher matcher = ResidueMatcher.forIdentifier(identifier);
    ErasePlanner.Plan plan =
        new ErasePlanner(store, index, holds, references).plan(identifier, normalised, matcher);
    ObjectNode state = JsonNodeFactory.instance.objectNode();
    state.put("request", "");
    state.put("tenant", tenant);
    state.put("party_hmac", index.hmac(normalised));
    state.put("policy", policy.label());
    state.put("status", "planned");
    state.put("requested_at", clock.instant().toString());
    ArrayNode conversations = state.putArray("conversations");
    plan.conversations().forEach(f -> conversations.add(f.json));
    state.set("drops", plan.looseDrops().json);
    return state;
  }

  private static String normalised(String identifier) {
    return PartyIdentifiers.parse(identifier)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not a party identifier: use tel:+15551234567, mailto:a@example.com,"
                        + " sip:... or name:..."));
  }

  private static void count(ObjectNode counts, String name, int n) {
    counts.put(name, counts.path(name).asInt() + n);
  }
}
