package io.conserver.platform.erase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * The body of a signed erase receipt ({@code conserver-erase-receipt/1}): the request, the HMAC of
 * the identifier (never the identifier), per conversation what was deleted where, and the residue
 * scan. Keys that could carry a person's data in their name (inbox drops, whose names people give
 * them; any key in which the scan found a trace) appear as {@code sha256:<hex>} of the key.
 */
final class EraseReceipt {
  static final String TYPE = "conserver-erase-receipt/1";

  private EraseReceipt() {}

  static ObjectNode of(ObjectNode state, ObjectNode residue) {
    ObjectNode receipt = JsonNodeFactory.instance.objectNode();
    receipt.put("type", TYPE);
    for (String member : List.of("request", "tenant", "party_hmac", "policy", "requested_at")) {
      receipt.set(member, state.get(member));
    }
    for (String member : List.of("kind", "origin", "conversations_requested")) {
      if (state.has(member)) {
        receipt.set(member, state.get(member)); // an erase by conversation id
      }
    }
    receipt.put("completed_at", residue.path("at").asText());
    ObjectNode totals = receipt.putObject("totals");
    ArrayNode conversations = receipt.putArray("conversations");
    for (JsonNode node : state.path("conversations")) {
      Footprint footprint = new Footprint((ObjectNode) node);
      conversations.add(conversation(footprint, totals));
    }
    Footprint drops = new Footprint((ObjectNode) state.path("drops"));
    ObjectNode dropsJson = receipt.putObject("unindexed_drops");
    hashed(drops.texts("inbox"), dropsJson.putArray("inbox"));
    drops.texts("quarantine").forEach(dropsJson.putArray("quarantine")::add);
    dropsJson.put("attempts", drops.texts("attempts").size());
    add(totals, "inbox_drops", drops.texts("inbox").size());
    add(totals, "quarantine_records", drops.texts("quarantine").size());
    receipt.set("residue_scan", residue);
    return receipt;
  }

  private static ObjectNode conversation(Footprint footprint, ObjectNode totals) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("id", footprint.id());
    json.put("status", footprint.status());
    if (footprint.status().equals("held")) {
      footprint.texts("held_by").forEach(json.putArray("held_by")::add);
      add(totals, "conversations_held", 1);
      return json;
    }
    add(totals, "conversations_" + footprint.status(), 1);
    ObjectNode deleted = json.putObject("deleted");
    List<String> copies =
        footprint.texts(footprint.status().equals("scrubbed") ? "rewritten" : "copies");
    copies.forEach(
        deleted.putArray(footprint.status().equals("scrubbed") ? "rewritten" : "copies")::add);
    add(totals, "copies", copies.size());
    ArrayNode media = deleted.putArray("media");
    ArrayNode kept = json.putArray("media_kept");
    for (JsonNode entry : footprint.objects("media")) {
      if ("deleted".equals(entry.path("outcome").asText())) {
        media.add(entry.path("key").asText());
        add(totals, "media_deleted", 1);
      } else {
        ObjectNode keep = kept.addObject();
        keep.put("key", entry.path("key").asText());
        keep.put("still_referenced_by", entry.path("still_referenced_by").asInt());
        add(totals, "media_kept", 1);
      }
    }
    footprint.texts("quarantine").forEach(deleted.putArray("quarantine")::add);
    add(totals, "quarantine_records", footprint.texts("quarantine").size());
    hashed(footprint.texts("inbox"), deleted.putArray("inbox"));
    add(totals, "inbox_drops", footprint.texts("inbox").size());
    deleted.put("attempts", footprint.texts("attempts").size());
    deleted.put("share_records", footprint.texts("shares").size());
    add(totals, "share_records", footprint.texts("shares").size());
    deleted.put("index_entries", footprint.texts("index").size());
    add(totals, "index_entries", footprint.texts("index").size());
    ArrayNode sinks = json.putArray("sinks");
    for (JsonNode result : footprint.objects("sink_results")) {
      ObjectNode sink = sinks.addObject();
      for (String member : List.of("pipeline", "sink", "type", "target_ids", "outcome", "detail")) {
        sink.set(member, result.get(member));
      }
      add(totals, "sink_records_" + result.path("outcome").asText(), 1);
    }
    json.put("ledger", footprint.json.path("ledger").asText());
    ArrayNode cloud = json.putArray("cloud_copies");
    for (JsonNode copy : footprint.objects("cloud_copies")) {
      ObjectNode entry = cloud.addObject();
      for (String member :
          List.of(
              "destination",
              "status",
              "request_key",
              "request_id",
              "answer_key",
              "cloud_request",
              "residue_clean",
              "completed_at",
              "detail",
              "reason",
              "cloud_receipt")) {
        if (copy.has(member)) {
          entry.set(member, copy.get(member));
        }
      }
      add(totals, "cloud_copies_" + copy.path("status").asText(), 1);
    }
    return json;
  }

  /** The residue scan's findings for the receipt: keys hashed where their name holds a trace. */
  static ObjectNode finding(String key, Set<String> forms) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    boolean inName = forms.stream().anyMatch(f -> f.startsWith("key:"));
    json.put("key", inName ? ReceiptSigner.hashedKey(key) : key);
    forms.forEach(json.putArray("forms")::add);
    return json;
  }

  /** Inbox keys as hashes (the request state holds them hashed once its local part is done). */
  private static void hashed(List<String> keys, ArrayNode into) {
    keys.forEach(k -> into.add(k.startsWith("sha256:") ? k : ReceiptSigner.hashedKey(k)));
  }

  private static void add(ObjectNode totals, String name, int n) {
    totals.put(name, totals.path(name).asInt() + n);
  }
}
