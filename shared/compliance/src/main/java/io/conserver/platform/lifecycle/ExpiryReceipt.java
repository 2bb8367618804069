package io.conserver.platform.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.erase.ReceiptSigner;
import java.util.List;

/**
 * The body of a signed expiry receipt ({@code conserver-expiry-receipt/1}): the run, the time it
 * decided at, the rules it applied, and per kind what went, what a legal hold kept (and which
 * hold), and the media kept because live conversations still refer to it. Inbox drops appear as
 * {@code sha256:<hex>} of their key: people name the files they drop. Ledger records are never
 * expired; the receipt counts the {@code expired} records this run appended.
 */
final class ExpiryReceipt {
  static final String TYPE = "conserver-expiry-receipt/1";

  private ExpiryReceipt() {}

  static ObjectNode of(ObjectNode state) {
    ObjectNode receipt = JsonNodeFactory.instance.objectNode();
    receipt.put("type", TYPE);
    for (String member : List.of("run", "tenant", "as_of", "rules")) {
      receipt.set(member, state.get(member));
    }
    ObjectNode totals = receipt.putObject("totals");
    ObjectNode expired = receipt.putObject("expired");
    ArrayNode held = receipt.putArray("held");
    int ledgerRecords = 0;
    for (JsonNode item : items(state)) {
      String kind = item.path("kind").asText();
      String status = item.path("status").asText();
      add(totals, kind + "_" + status, 1);
      switch (status) {
        case "expired" -> {
          expired.withArray(kind).add(entry(item));
          if (kind.equals("copy") || kind.equals("sink")) {
            ledgerRecords++;
          }
        }
        case "held" -> {
          ObjectNode h = held.addObject();
          h.put("kind", kind);
          h.put("key", shown(item));
          item.path("held_by").forEach(h.withArray("held_by")::add);
        }
        default -> {}
      }
    }
    ObjectNode ledger = receipt.putObject("ledger");
    ledger.put("expired", false);
    ledger.put("reason", "ledger records hold hashes and references, never personal data");
    ledger.put("expired_records_appended", ledgerRecords);
    receipt.put("completed_at", state.path("completed_at").asText());
    return receipt;
  }

  private static JsonNode entry(JsonNode item) {
    String kind = item.path("kind").asText();
    if (kind.equals("sink")) {
      ObjectNode sink = JsonNodeFactory.instance.objectNode();
      JsonNode entry = item.path("entry");
      for (String member : List.of("vcon", "pipeline", "sink", "type", "target_ids")) {
        sink.set(member, entry.get(member));
      }
      sink.put("outcome", item.path("outcome").asText());
      sink.put("detail", item.path("detail").asText());
      return sink;
    }
    return JsonNodeFactory.instance.textNode(shown(item));
  }

  private static String shown(JsonNode item) {
    String key = item.path("key").asText();
    return item.path("kind").asText().equals("inbox") ? ReceiptSigner.hashedKey(key) : key;
  }

  static List<JsonNode> items(ObjectNode state) {
    List<JsonNode> all = new java.util.ArrayList<>();
    state.path("items").forEach(all::add);
    state.path("media").forEach(all::add);
    return all;
  }

  private static void add(ObjectNode totals, String name, int n) {
    totals.put(name, totals.path(name).asInt() + n);
  }
}
