package io.conserver.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.runner.JobArea;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.VconJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a tenant's pipelines set aside, by reference {@code PIPELINE/STAGE/ID} (the quarantine
 * record's key without {@code quarantine/} and {@code .json}): list, read, release for another try,
 * or discard. The input itself is never changed by any of them. A discard removes the record but
 * keeps the item handled (it is not tried again) and writes an audit record, {@code
 * audit/quarantine/<ref>.json}: the record as it was, who discarded it, when and why.
 */
public final class QuarantinedItems {
  public static final int MAX_RECORD = 1024 * 1024;
  private static final String PREFIX = "quarantine/";
  private static final String AUDIT_PREFIX = "audit/quarantine/";

  /** One record: its reference, its JSON. */
  public record Item(String reference, JsonNode record) {
    public String input() {
      return record.path("event").path("key").asText("");
    }
  }

  private final LocalTenant tenant;
  private final BlobStore store;

  public QuarantinedItems(LocalTenant tenant, BlobStore store) {
    this.tenant = tenant;
    this.store = store;
  }

  /** Whether a string has the shape of a reference (and so cannot name a key elsewhere). */
  public static boolean isReference(String reference) {
    return reference != null && reference.matches("[a-z0-9-]+/[a-z0-9-]+/[A-Za-z0-9-]+");
  }

  public static String recordKey(String reference) {
    if (!isReference(reference)) {
      throw new IllegalArgumentException(
          "not a quarantine reference (PIPELINE/STAGE/ID, as `quarantine list` prints): "
              + reference);
    }
    return PREFIX + reference + ".json";
  }

  public static String auditKey(String reference) {
    return AUDIT_PREFIX + recordKey(reference).substring(PREFIX.length());
  }

  /** Every quarantined item, in key order. */
  public List<Item> list() {
    List<Item> items = new ArrayList<>();
    for (BlobMetadata record : store.list(PREFIX)) {
      String reference =
          record.key().substring(PREFIX.length(), record.key().length() - ".json".length());
      items.add(new Item(reference, read(record.key())));
    }
    return items;
  }

  public Optional<Item> find(String reference) {
    String key = recordKey(reference);
    if (store.head(key).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Item(reference, read(key)));
  }

  /**
   * Releases an item: its attempt markers, its record and the stage's job records of the
   * conversation (a job it gave up on included) go, and the runtime processes its input again at
   * its next listing (where it goes through every check again).
   *
   * @return the input key that will be processed again
   * @throws IllegalArgumentException when there is no such item, or it is an undecodable event
   */
  public String release(String reference) {
    Item item = find(reference).orElseThrow(() -> noSuchItem(reference));
    if (item.input().isEmpty()) {
      throw new IllegalArgumentException(
          reference
              + " is an undecodable event, not an input: nothing to retry (see `quarantine show`)");
    }
    String[] parts = reference.split("/");
    for (BlobMetadata attempt :
        store.list("attempts/" + parts[0] + "/" + parts[1] + "/" + parts[2] + "/")) {
      store.delete(attempt.key());
    }
    new HandledMarks(tenant).forget(parts[0], parts[1], item.input());
    if (!parts[2].startsWith("drop-")) {
      // Jobs the stage gave up on would only give up again: the retry starts new ones.
      new JobArea(store, parts[0], parts[1]).reopen(parts[2]);
    }
    store.delete(recordKey(reference));
    return item.input();
  }

  /**
   * Discards an item for good: the audit record is written first (create-if-absent, so a repeated
   * discard keeps the first), then the quarantine record goes.
   *
   * @param by who discarded it (an API key id, never a key)
   */
  public JsonNode discard(String reference, String by, String reason, Instant at) {
    Item item = find(reference).orElseThrow(() -> noSuchItem(reference));
    ObjectNode audit = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    audit.put("reference", reference);
    audit.put("action", "discarded");
    audit.put("by", by);
    audit.put("reason", reason);
    audit.put("at", at.toString());
    audit.set("record", item.record());
    store.putBytesIfAbsent(auditKey(reference), VconJson.codec().write(audit), PutOptions.JSON);
    store.delete(recordKey(reference));
    return audit;
  }

  private JsonNode read(String key) {
    return VconJson.codec().read(store.getBytes(key, MAX_RECORD));
  }

  private static IllegalArgumentException noSuchItem(String reference) {
    return new IllegalArgumentException("no quarantined item " + reference);
  }
}
