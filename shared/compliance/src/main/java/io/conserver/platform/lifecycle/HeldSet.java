package io.conserver.platform.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.holds.Hold;
import io.conserver.platform.holds.Holds;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the tenant's legal holds keep, computed once per run: every conversation a hold names, every
 * conversation the party index lists under a held party, and the inbox drops those conversations
 * came from (their ledger says which). Expiry asks this for objects whose name says which
 * conversation they belong to; a vCon copy is also checked against its own parties ({@link
 * Holds#blocking(String, Collection)}), which catches conversations the index does not list.
 */
final class HeldSet {
  private final Holds holds;
  private final Map<String, List<String>> byConversation = new TreeMap<>();
  private final Map<String, List<String>> inboxDrops = new TreeMap<>();

  private HeldSet(Holds holds) {
    this.holds = holds;
  }

  static HeldSet of(BlobStore store, Holds holds) {
    HeldSet set = new HeldSet(holds);
    for (Hold hold : holds.list()) {
      if (hold.kind().equals("conversation")) {
        set.add(hold.target(), hold.id());
      } else {
        String prefix = PartyIndex.PREFIX + hold.target() + "/";
        for (BlobMetadata entry : store.list(prefix)) {
          set.add(entry.key().substring(prefix.length()), hold.id());
        }
      }
    }
    Ledger ledger = new Ledger(store);
    for (Map.Entry<String, List<String>> held : set.byConversation.entrySet()) {
      for (JsonNode record : ledger.records(held.getKey())) {
        String input = record.path("input").path("key").asText("");
        if (input.startsWith("inbox/")) {
          set.inboxDrops.put(input, held.getValue());
        }
      }
    }
    return set;
  }

  private void add(String conversation, String holdId) {
    byConversation.computeIfAbsent(conversation, k -> new ArrayList<>()).add(holdId);
  }

  /** The holds that keep a conversation, known by id alone. */
  List<String> heldBy(String conversationId) {
    return byConversation.getOrDefault(conversationId, List.of());
  }

  /** The holds that keep a conversation, also through the HMACs of its parties. */
  List<String> heldBy(String conversationId, Collection<String> partyHmacs) {
    Set<String> ids = new LinkedHashSet<>(heldBy(conversationId));
    if (looksLikeUuid(conversationId)) {
      holds.blocking(conversationId, partyHmacs).forEach(h -> ids.add(h.id()));
    } else {
      partyHmacs.forEach(h -> holds.onParty(h).forEach(hold -> ids.add(hold.id())));
    }
    return List.copyOf(ids);
  }

  /** The holds that keep an object whose key names a held conversation (an export file, say). */
  List<String> heldByKey(String key) {
    if (inboxDrops.containsKey(key)) {
      return inboxDrops.get(key);
    }
    for (Map.Entry<String, List<String>> entry : byConversation.entrySet()) {
      if (key.contains(entry.getKey())) {
        return entry.getValue();
      }
    }
    return List.of();
  }

  boolean isEmpty() {
    return byConversation.isEmpty();
  }

  static boolean looksLikeUuid(String value) {
    return value.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }
}
