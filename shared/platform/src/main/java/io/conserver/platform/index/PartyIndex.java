package io.conserver.platform.index;

import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.Party;
import io.conserver.vcon.Vcon;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Finds every conversation of a person without a database and without storing who they are: {@code
 * index/party/<HMAC-SHA256(tenant key, normalised identifier)>/<uuid>}, one empty object per
 * (identifier, conversation), written create-if-absent so re-indexing is free of side effects.
 * Without the tenant's key the index reveals nothing about the identifiers.
 */
public final class PartyIndex {
  public static final String PREFIX = "index/party/";
  static final int MIN_KEY_BYTES = 32;

  private final BlobStore store;
  private final byte[] key;

  public PartyIndex(BlobStore store, byte[] key) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "the party index key must have at least " + MIN_KEY_BYTES + " bytes");
    }
    this.store = store;
    this.key = key.clone();
  }

  /** Indexes every identifier of every party of the vCon; returns how many entries were new. */
  public int index(Vcon vcon) {
    return index(vcon, vcon.uuid());
  }

  /**
   * Indexes the vCon under a conversation id other than its own uuid: a redacted copy has a uuid of
   * its own but is stored, and found, under the conversation's.
   */
  public int index(Vcon vcon, String conversationId) {
    int added = 0;
    for (Party party : vcon.parties()) {
      for (String identifier : PartyIdentifiers.of(party)) {
        String entry = entryKey(hmac(identifier), conversationId);
        added += store.putBytesIfAbsent(entry, new byte[0], PutOptions.BINARY).isPresent() ? 1 : 0;
      }
    }
    return added;
  }

  /** The conversation ids indexed under an identifier as a user gives it ({@code tel:...}). */
  public List<String> conversationsOf(String identifier) {
    Optional<String> normalised = PartyIdentifiers.parse(identifier);
    if (normalised.isEmpty()) {
      throw new IllegalArgumentException("not a party identifier (tel:, mailto:, sip: or name:)");
    }
    String prefix = PREFIX + hmac(normalised.get()) + "/";
    return store.list(prefix).stream()
        .map(BlobMetadata::key)
        .map(k -> k.substring(prefix.length()))
        .toList();
  }

  /** The index entry of one (identifier HMAC, conversation). */
  public static String entryKey(String identifierHmac, String conversationId) {
    return PREFIX + identifierHmac + "/" + conversationId;
  }

  /** The HMAC of a normalised identifier, hex: what receipts and logs carry instead of it. */
  public String hmac(String normalisedIdentifier) {
    Mac mac = macs.get(); // doFinal resets it for the next use
    return HexFormat.of()
        .formatHex(mac.doFinal(normalisedIdentifier.getBytes(StandardCharsets.UTF_8)));
  }

  // Every party identifier of every written vCon is hashed: one keyed Mac per thread, not a
  // provider lookup and key schedule per identifier.
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
