package io.conserver.platform.erase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.runner.HandoffStores;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.VconJson;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The on-premise side of a hybrid erase: for each copy a conversation handed to the cloud (its
 * footprint's {@code cloud_copies}), writes the erase request once (create-if-absent) and reads the
 * cloud half's answer if there is one yet. A store that cannot be reached leaves the copy {@code
 * pending} with the reason, for the next run to retry; nothing is ever marked done without the
 * request written. Statuses: {@code pending}, {@code requested} (written, not answered yet), then
 * the cloud's outcome ({@code erased}, {@code nothing-found}, {@code held}, {@code refused}).
 */
final class HandoffEraseRequester {
  static final String PENDING = "pending";
  static final String REQUESTED = "requested";

  /** What is still to be done by a later run: write the request, or read the answer. */
  static final Set<String> OPEN = Set.of("planned", PENDING, REQUESTED);

  private final HandoffStores stores;
  private final Clock clock;

  HandoffEraseRequester(HandoffStores stores, Clock clock) {
    this.stores = stores;
    this.clock = clock;
  }

  /**
   * Requests and checks every open copy of these footprints; the entries are updated in place.
   * Returns whether any entry changed (a request written, an answer read, a new reason to wait).
   */
  boolean request(List<Footprint> footprints, String requestId, EraseProgress progress) {
    boolean changed = false;
    for (Footprint footprint : footprints) {
      if (!footprint.status().equals("erased") && !footprint.status().equals("scrubbed")) {
        continue; // held: its cloud copy stays too
      }
      for (JsonNode node : footprint.objects("cloud_copies")) {
        ObjectNode entry = (ObjectNode) node;
        if (OPEN.contains(entry.path("status").asText())) {
          ObjectNode before = entry.deepCopy();
          step(HandoffErase.Copy.of(entry), entry, requestId, progress);
          changed |= !before.equals(entry);
        }
      }
    }
    return changed;
  }

  private void step(
      HandoffErase.Copy copy, ObjectNode entry, String requestId, EraseProgress progress) {
    try {
      Optional<BlobStore> cloud = stores.open(copy.scheme(), copy.bucket());
      if (cloud.isEmpty()) {
        pending(
            entry,
            "no export-to-cloud stage of this tenant writes to "
                + copy.scheme()
                + "://"
                + copy.bucket()
                + " any more: declare it again so the request can be written",
            progress);
        return;
      }
      if (!entry.path("status").asText().equals(REQUESTED)) {
        write(cloud.get(), copy, entry, requestId);
        progress.step("cloud copy " + copy.uuid() + ": erase requested at " + copy.requestKey());
      }
      readAnswer(cloud.get(), copy, entry);
    } catch (Exception e) {
      // Transient (the store is down, throttled, refused): the request stays open, not done.
      pending(entry, e.getClass().getSimpleName() + ": " + e.getMessage(), progress);
    }
  }

  private void write(BlobStore cloud, HandoffErase.Copy copy, ObjectNode entry, String requestId) {
    ObjectNode request = HandoffErase.request(copy, requestId, clock.instant().toString());
    String key = copy.requestKey();
    String by = requestId;
    if (cloud.putBytesIfAbsent(key, VconJson.codec().write(request), PutOptions.JSON).isEmpty()) {
      // Written before (a rerun, or an earlier request for the same copy): that one stands.
      by =
          VconJson.codec()
              .read(cloud.getBytes(key, HandoffErase.MAX_BYTES))
              .path("requested_by")
              .asText(requestId);
    }
    entry.put("status", REQUESTED);
    entry.put("request_key", key);
    entry.put("request_id", by);
    entry.remove("detail");
  }

  private static void readAnswer(BlobStore cloud, HandoffErase.Copy copy, ObjectNode entry) {
    String key = copy.answerKey();
    if (cloud.head(key).isEmpty()) {
      return;
    }
    JsonNode answer = VconJson.codec().read(cloud.getBytes(key, HandoffErase.MAX_BYTES));
    entry.put("status", answer.path("outcome").asText("refused"));
    entry.put("answer_key", key);
    for (String member : List.of("cloud_request", "residue_clean", "completed_at", "reason")) {
      if (answer.has(member)) {
        entry.set(member, answer.get(member));
      }
    }
    if (answer.hasNonNull("receipt")) {
      entry.put("cloud_receipt", answer.path("receipt").asText());
    }
  }

  private static void pending(ObjectNode entry, String detail, EraseProgress progress) {
    if (!entry.path("status").asText().equals(REQUESTED)) {
      entry.put("status", PENDING);
    }
    entry.put("detail", detail);
    progress.step(
        "cloud copy "
            + entry.path("key").asText()
            + ": "
            + entry.path("status").asText()
            + " ("
            + detail
            + "); the next run retries");
  }
}
