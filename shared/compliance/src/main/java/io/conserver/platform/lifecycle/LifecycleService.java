package io.conserver.platform.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.erase.EraseProgress;
import io.conserver.platform.erase.ReceiptSigner;
import io.conserver.platform.erase.SinkPort;
import io.conserver.platform.holds.Holds;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.media.MediaReferences;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Retention for one tenant, cloud-neutral over its {@link BlobStore}: at the time its clock gives,
 * expires what every pipeline's {@code retention_days} says is due (stage copies, sink records
 * through the {@link SinkPort}, inbox drops, quarantine records, export files, meter records and
 * receipts where declared, and media no live conversation refers to), skips what a legal hold
 * keeps, appends an {@code expired} record to each conversation's ledger, and writes a signed
 * receipt under {@code receipts/expiry/}.
 *
 * <p>A run persists its plan under {@code requests/expiry/} before deleting anything and records
 * progress as it goes, so a crash is finished by the next run, and the same decision time twice is
 * the same run: a repeated invocation changes nothing. A run that finds nothing due or held writes
 * no receipt.
 */
public final class LifecycleService {
  /** Progress is saved at most this often: items are idempotent, so redoing a few costs little. */
  private static final long SAVE_EVERY_NANOS = 2_000_000_000L;

  private final BlobStore store;
  private final String tenant;
  private final RetentionRules rules;
  private final PartyIndex index;
  private final Holds holds;
  private final MediaReferences references;
  private final ReceiptSigner signer;
  private final SinkPort sinks;
  private final Clock clock;
  private final LifecycleRuns runs;

  public LifecycleService(
      BlobStore store,
      String tenant,
      Collection<PipelineDeclaration> pipelines,
      byte[] partyIndexKey,
      MediaStore media,
      ReceiptSigner signer,
      SinkPort sinks,
      Clock clock) {
    this.store = store;
    this.tenant = tenant;
    this.rules = RetentionRules.of(pipelines);
    this.index = new PartyIndex(store, partyIndexKey);
    this.holds = new Holds(store);
    this.references = new MediaReferences(store, media);
    this.signer = signer;
    this.sinks = sinks;
    this.clock = clock;
    this.runs = new LifecycleRuns(store);
  }

  public LifecycleRuns runs() {
    return runs;
  }

  public RetentionRules rules() {
    return rules;
  }

  /** What a run now would do, without writing anything. */
  public ObjectNode dryRun() {
    Instant now = clock.instant();
    ExpiryPlanner planner = planner();
    ObjectNode state = newState(now);
    ArrayNode items = planner.plan(now, HeldSet.of(store, holds));
    state.set("items", items);
    state.set("media", planner.planMedia(now, copiesLeaving(items)));
    state.put("status", "dry-run");
    return summary(state);
  }

  /**
   * Finishes any run a crash interrupted, then runs at the clock's time; returns the run's final
   * state (status {@code done}, or {@code nothing-due} when nothing was due or held).
   */
  public ObjectNode run(EraseProgress progress) throws Exception {
    for (String unfinished : runs.unfinished()) {
      progress.step("resuming expiry run " + unfinished);
      finish(runs.load(unfinished).orElseThrow(), progress);
    }
    Instant now = clock.instant();
    String id = LifecycleRuns.runId(now);
    var existing = runs.load(id);
    if (existing.isPresent()) {
      return existing.get(); // done above if it was not: the same decision time is the same run
    }
    ExpiryPlanner planner = planner();
    progress.step("planning: " + rules.all().size() + " retention rule(s) at " + now);
    ObjectNode state = newState(now);
    state.set("items", planner.plan(now, HeldSet.of(store, holds)));
    if (!actionable(state.path("items")) && !actionable(planner.planMedia(now, Set.of()))) {
      state.put("status", "nothing-due");
      return state;
    }
    runs.save(state); // the plan is stored before anything is deleted
    return finish(state, progress);
  }

  private ObjectNode finish(ObjectNode state, EraseProgress progress) throws Exception {
    Instant now = Instant.parse(state.path("as_of").asText());
    String id = state.path("run").asText();
    ExpiryPlanner planner = planner();
    HeldSet held = HeldSet.of(store, holds);
    ExpiryExecutor executor = new ExpiryExecutor(store, held, references, sinks, planner, id, now);
    state.put("status", "running");
    execute(state, (ArrayNode) state.path("items"), executor, progress);
    if (!state.has("media")) {
      // Planned only now: the copies that referred to the media are gone, their references too.
      state.set("media", planner.planMedia(now, Set.of()));
      runs.save(state);
    }
    execute(state, (ArrayNode) state.path("media"), executor, progress);
    List<JsonNode> all = ExpiryReceipt.items(state);
    boolean anything =
        all.stream().anyMatch(i -> Set.of("expired", "held").contains(i.path("status").asText()));
    state.put("completed_at", now.toString());
    if (anything) {
      ObjectNode receipt = ExpiryReceipt.of(state);
      store.putBytes(
          LifecycleRuns.receiptKey(id),
          signer.sign(receipt).getBytes(StandardCharsets.US_ASCII),
          PutOptions.of("application/jose"));
      state.put("receipt", LifecycleRuns.receiptKey(id));
    }
    state.put("status", "done");
    runs.save(state);
    progress.step(id + ": " + counts(state));
    return state;
  }

  private void execute(
      ObjectNode state, ArrayNode items, ExpiryExecutor executor, EraseProgress progress)
      throws Exception {
    int n = 0;
    long saved = System.nanoTime();
    try {
      for (JsonNode node : items) {
        n++;
        if (!"planned".equals(node.path("status").asText())) {
          continue;
        }
        executor.execute((ObjectNode) node);
        if (System.nanoTime() - saved >= SAVE_EVERY_NANOS) {
          runs.save(state);
          saved = System.nanoTime();
          progress.step("[" + n + "/" + items.size() + "] " + node.path("kind").asText());
        }
      }
    } finally {
      runs.save(state); // what is done stays recorded even when a sink fails mid-way
    }
  }

  /** Whether anything is to be expired or reported as held. */
  private static boolean actionable(JsonNode items) {
    for (JsonNode item : items) {
      if (Set.of("planned", "held").contains(item.path("status").asText())) {
        return true;
      }
    }
    return false;
  }

  private ExpiryPlanner planner() {
    return new ExpiryPlanner(store, rules, index, references);
  }

  private ObjectNode newState(Instant now) {
    ObjectNode state = JsonNodeFactory.instance.objectNode();
    state.put("run", LifecycleRuns.runId(now));
    state.put("tenant", tenant);
    state.put("as_of", now.toString());
    state.put("status", "planned");
    ArrayNode rulesJson = state.putArray("rules");
    for (RetentionRules.Rule rule : rules.all()) {
      ObjectNode r = rulesJson.addObject();
      r.put("prefix", rule.prefix());
      r.put("kind", rule.kind());
      r.put("days", rule.days());
      rule.declaredBy().forEach(r.putArray("declared_by")::add);
    }
    return state;
  }

  private static Set<String> copiesLeaving(ArrayNode items) {
    Set<String> leaving = new LinkedHashSet<>();
    items.forEach(
        i -> {
          if (i.path("kind").asText().equals("copy")
              && i.path("status").asText().equals("planned")) {
            leaving.add(i.path("key").asText());
          }
        });
    return leaving;
  }

  /** Counts per kind and status, and the held items: what a dry run and the CLI show. */
  public static ObjectNode summary(ObjectNode state) {
    ObjectNode summary = JsonNodeFactory.instance.objectNode();
    for (String member : List.of("run", "tenant", "as_of", "status", "receipt")) {
      if (state.has(member)) {
        summary.set(member, state.get(member));
      }
    }
    summary.set("counts", counts(state));
    ArrayNode held = summary.putArray("held");
    List<JsonNode> due = new ArrayList<>();
    for (JsonNode item : ExpiryReceipt.items(state)) {
      if (item.path("status").asText().equals("held")) {
        ObjectNode h = held.addObject();
        h.put("kind", item.path("kind").asText());
        h.put(
            "key",
            item.path("kind").asText().equals("inbox")
                ? ReceiptSigner.hashedKey(item.path("key").asText())
                : item.path("key").asText());
        item.path("held_by").forEach(h.withArray("held_by")::add);
      } else if (state.path("status").asText().equals("dry-run")
          && item.path("status").asText().equals("planned")) {
        due.add(item);
      }
    }
    if (!due.isEmpty()) {
      ArrayNode dueJson = summary.putArray("due");
      due.forEach(
          item ->
              dueJson.add(
                  item.path("kind").asText().equals("inbox")
                      ? ReceiptSigner.hashedKey(item.path("key").asText())
                      : item.path("key").asText()));
    }
    return summary;
  }

  static ObjectNode counts(ObjectNode state) {
    ObjectNode counts = JsonNodeFactory.instance.objectNode();
    for (JsonNode item : ExpiryReceipt.items(state)) {
      String name = item.path("kind").asText();
      ObjectNode kind =
          counts.get(name) instanceof ObjectNode known ? known : counts.putObject(name);
      String status = item.path("status").asText();
      kind.put(status, kind.path(status).asInt() + 1);
    }
    return counts;
  }
}
