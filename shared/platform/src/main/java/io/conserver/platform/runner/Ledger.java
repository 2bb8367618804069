package io.conserver.platform.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.VconJson;
import java.util.List;
import java.util.Optional;

/**
 * The per-conversation lineage and data-use ledger: {@code ledger/<id>/<seq>.json}, each record
 * carrying the hash of the one before, so any edit or deletion in the middle shows. A record is
 * identified by (stage, input hash): appending it again (a redelivered event) changes nothing.
 * Records hold keys, hashes and codes, never personal data in clear.
 */
public final class Ledger {
  private static final int MAX_RACES = 20;
  private static final long MAX_RECORD_BYTES = 1024 * 1024;

  private final BlobStore store;

  public Ledger(BlobStore store) {
    this.store = store;
  }

  /**
   * Appends a record unless one for the same stage and input already exists.
   *
   * @param record the record body; {@code seq} and {@code prev} are filled in here
   * @return the key written, or empty when the record was already there
   */
  public Optional<String> append(
      String conversationId, String stage, String inputHash, ObjectNode record) {
    for (int race = 0; race < MAX_RACES; race++) {
      List<BlobMetadata> existing = store.list(BucketLayout.ledgerPrefix(conversationId));
      String previousHash = null;
      for (BlobMetadata entry : existing) {
        byte[] bytes = store.getBytes(entry.key(), MAX_RECORD_BYTES);
        JsonNode old = VconJson.codec().read(bytes);
        if (stage.equals(old.path("stage").asText())
            && inputHash.equals(old.path("input").path("hash").asText())) {
          return Optional.empty();
        }
        previousHash = ContentHash.sha512(bytes).toString();
      }
      long sequence = existing.size() + 1L;
      ObjectNode body = record.deepCopy();
      body.put("seq", sequence);
      if (previousHash == null) {
        body.putNull("prev");
      } else {
        body.put("prev", previousHash);
      }
      String key = BucketLayout.ledgerKey(conversationId, sequence);
      if (store.putBytesIfAbsent(key, VconJson.codec().write(body), PutOptions.JSON).isPresent()) {
        return Optional.of(key);
      }
      // Another writer took this sequence number: re-read and try the next one.
    }
    throw new IllegalStateException("ledger of " + conversationId + " is too contended");
  }

  /** Every record of a conversation, in order. */
  public List<JsonNode> records(String conversationId) {
    return store.list(BucketLayout.ledgerPrefix(conversationId)).stream()
        .map(entry -> VconJson.codec().read(store.getBytes(entry.key(), MAX_RECORD_BYTES)))
        .toList();
  }

  /** Whether every record's {@code prev} matches the hash of the record before it. */
  public boolean verifyChain(String conversationId) {
    String previousHash = null;
    for (BlobMetadata entry : store.list(BucketLayout.ledgerPrefix(conversationId))) {
      byte[] bytes = store.getBytes(entry.key(), MAX_RECORD_BYTES);
      JsonNode prev = VconJson.codec().read(bytes).path("prev");
      if (previousHash == null ? !prev.isNull() : !previousHash.equals(prev.asText())) {
        return false;
      }
      previousHash = ContentHash.sha512(bytes).toString();
    }
    return true;
  }
}
