package io.conserver.platform.holds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.index.PartyIdentifiers;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.Party;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Legal holds, one object each: {@code holds/conversation/<uuid>/<case>.json} or {@code
 * holds/party/<hmac>/<case>.json}. A party hold covers every conversation the party appears in,
 * including ones ingested after the hold was set. Erase refuses what a hold covers; expiry must ask
 * {@link #blocking} too. Setting a hold twice keeps the first (create-if-absent), so a retried
 * request changes nothing.
 */
public final class Holds {
  public static final String PREFIX = "holds/";
  static final long MAX_RECORD_BYTES = 64 * 1024;
  static final int MAX_REASON_LENGTH = 500;

  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern HMAC = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern CASE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final BlobStore store;

  public Holds(BlobStore store) {
    this.store = store;
  }

  /** Holds a conversation; returns the hold (the existing one when the case already holds it). */
  public Hold holdConversation(String conversationId, String caseId, String reason, Instant at) {
    return set(
        "conversation",
        checked(UUID, lower(conversationId), "conversation uuid"),
        caseId,
        reason,
        at);
  }

  /** Holds a party, named by the HMAC of its normalised identifier ({@link PartyIndex#hmac}). */
  public Hold holdParty(String partyHmac, String caseId, String reason, Instant at) {
    return set("party", checked(HMAC, partyHmac, "party HMAC"), caseId, reason, at);
  }

  /** Releases a hold by id; returns whether it existed. */
  public boolean release(String holdId) {
    return store.delete(keyOf(holdId));
  }

  public Optional<Hold> get(String holdId) {
    String key = keyOf(holdId);
    return store.head(key).map(m -> read(key));
  }

  /** Every hold of the tenant, in key order. */
  public List<Hold> list() {
    List<Hold> holds = new ArrayList<>();
    for (BlobMetadata object : store.list(PREFIX)) {
      if (object.key().endsWith(".json")) {
        holds.add(read(object.key()));
      }
    }
    return holds;
  }

  /** The holds on a party (by HMAC). */
  public List<Hold> onParty(String partyHmac) {
    return listUnder("holds/party/" + checked(HMAC, partyHmac, "party HMAC") + "/");
  }

  /**
   * The holds that keep a conversation: its own and those of any of its parties (by HMAC). Empty
   * means it may be erased or expired.
   */
  public List<Hold> blocking(String conversationId, Collection<String> partyHmacs) {
    // An id that is not a UUID (an odd producer's) cannot carry a conversation hold.
    String id = lower(conversationId);
    List<Hold> holds =
        new ArrayList<>(
            UUID.matcher(id).matches() ? listUnder("holds/conversation/" + id + "/") : List.of());
    for (String hmac : new LinkedHashSet<>(partyHmacs)) {
      holds.addAll(onParty(hmac));
    }
    return holds;
  }

  /** The holds that keep a vCon, with its parties' HMACs computed by the tenant's party index. */
  public List<Hold> blocking(Vcon vcon, PartyIndex index) {
    return blocking(vcon.uuid(), partyHmacs(List.of(vcon), index));
  }

  /** The HMACs of every identifier of every party of the vCons. */
  public static Set<String> partyHmacs(Collection<Vcon> vcons, PartyIndex index) {
    Set<String> hmacs = new LinkedHashSet<>();
    for (Vcon vcon : vcons) {
      for (Party party : vcon.parties()) {
        PartyIdentifiers.of(party).forEach(identifier -> hmacs.add(index.hmac(identifier)));
      }
    }
    return hmacs;
  }

  private Hold set(String kind, String target, String caseId, String reason, Instant at) {
    checked(CASE, caseId, "case id");
    if (reason == null || reason.isBlank() || reason.length() > MAX_REASON_LENGTH) {
      throw new IllegalArgumentException(
          "a hold needs a reason of 1-" + MAX_REASON_LENGTH + " characters (name the case)");
    }
    String id = kind + "/" + target + "/" + caseId;
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("id", id);
    record.put("kind", kind);
    record.put("target", target);
    record.put("case", caseId);
    record.put("reason", reason.strip());
    record.put("set_at", at.toString());
    String key = PREFIX + id + ".json";
    store.putBytesIfAbsent(key, VconJson.codec().write(record), PutOptions.JSON);
    return read(key);
  }

  private List<Hold> listUnder(String prefix) {
    return store.list(prefix).stream()
        .filter(m -> m.key().endsWith(".json"))
        .map(m -> read(m.key()))
        .toList();
  }

  private Hold read(String key) {
    JsonNode json = VconJson.codec().read(store.getBytes(key, MAX_RECORD_BYTES));
    return new Hold(
        json.path("id").asText(),
        json.path("kind").asText(),
        json.path("target").asText(),
        json.path("case").asText(),
        json.path("reason").asText(),
        Instant.parse(json.path("set_at").asText()));
  }

  /** The object key of a hold id; anything that is not a well-formed id is refused. */
  static String keyOf(String holdId) {
    String[] parts = holdId == null ? new String[0] : holdId.split("/", -1);
    boolean valid =
        parts.length == 3
            && (parts[0].equals("conversation") && UUID.matcher(parts[1]).matches()
                || parts[0].equals("party") && HMAC.matcher(parts[1]).matches())
            && CASE.matcher(parts[2]).matches();
    if (!valid) {
      throw new IllegalArgumentException(
          "not a hold id (conversation/<uuid>/<case> or party/<hmac>/<case>, as `hold list`"
              + " prints it)");
    }
    return PREFIX + holdId + ".json";
  }

  private static String lower(String value) {
    return value == null ? "" : value.toLowerCase(java.util.Locale.ROOT);
  }

  private static String checked(Pattern pattern, String value, String what) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException("not a valid " + what);
    }
    return value;
  }
}
