package io.conserver.platform.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.VconJson;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Consent revocations, one object per party: {@code consent/revoked/<HMAC of the normalised
 * identifier>.json}, never the identifier. Written create-if-absent, so revoking twice keeps the
 * first record (and its time). While a party's revocation exists, every stage after the first skips
 * the conversations the party appears in (the stage runner asks {@link #revokedAmong}).
 */
public final class ConsentRevocations {
  public static final String PREFIX = "consent/revoked/";
  private static final long MAX_RECORD_BYTES = 64 * 1024;
  private static final Pattern HMAC = Pattern.compile("[0-9a-f]{64}");

  private final BlobStore store;

  public ConsentRevocations(BlobStore store) {
    this.store = store;
  }

  public static String key(String partyHmac) {
    if (partyHmac == null || !HMAC.matcher(partyHmac).matches()) {
      throw new IllegalArgumentException("not a party HMAC");
    }
    return PREFIX + partyHmac + ".json";
  }

  /** Records a revocation; returns the stored record (the earlier one when it existed). */
  public ObjectNode record(String partyHmac, ObjectNode record) {
    String key = key(partyHmac);
    store.putBytesIfAbsent(key, VconJson.codec().write(record), PutOptions.JSON);
    return (ObjectNode) VconJson.codec().read(store.getBytes(key, MAX_RECORD_BYTES));
  }

  /** Replaces a revocation record (to add the erase request it started). */
  public void update(String partyHmac, ObjectNode record) {
    store.putBytes(key(partyHmac), VconJson.codec().write(record), PutOptions.JSON);
  }

  public Optional<JsonNode> get(String partyHmac) {
    String key = key(partyHmac);
    return store.head(key).map(m -> VconJson.codec().read(store.getBytes(key, MAX_RECORD_BYTES)));
  }

  /** Which of these party HMACs revoked consent. */
  public List<String> revokedAmong(Collection<String> partyHmacs) {
    List<String> revoked = new ArrayList<>();
    for (String hmac : partyHmacs) {
      if (HMAC.matcher(hmac).matches() && store.head(key(hmac)).isPresent()) {
        revoked.add(hmac);
      }
    }
    return revoked;
  }

  /** Every revocation record, in key order. */
  public List<JsonNode> list() {
    List<JsonNode> records = new ArrayList<>();
    for (BlobMetadata object : store.list(PREFIX)) {
      records.add(VconJson.codec().read(store.getBytes(object.key(), MAX_RECORD_BYTES)));
    }
    return records;
  }
}
