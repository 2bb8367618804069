package io.conserver.server.share;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.share.ShareFiles;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.VconJson;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tenant's shares in its bucket: {@code shares/<id>.json} (conversation, pipeline, the pinned
 * copy by key and hash, scope, expiry, who created it by principal) and {@code
 * shares/<id>.revoked}. Both are written create-if-absent: a retried creation or revocation changes
 * nothing. Records hold ids and hashes, never personal data. The retention run deletes them some
 * time after they end, and an erase with their conversation ({@link ShareFiles}).
 */
public final class ShareRecords {
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
  private static final long MAX_BYTES = 64 * 1024;

  /** One share. */
  public record Share(
      String id,
      String uuid,
      String pipeline,
      String stage,
      String key,
      String hash,
      String scope,
      Instant createdAt,
      Instant expiresAt,
      String createdBy) {
    ObjectNode json() {
      ObjectNode json = JsonNodeFactory.instance.objectNode();
      json.put("id", id);
      json.put("uuid", uuid);
      json.put("pipeline", pipeline);
      json.put("stage", stage);
      json.put("key", key);
      json.put("hash", hash);
      json.put("scope", scope);
      json.put("created_at", createdAt.toString());
      json.put("expires_at", expiresAt.toString());
      json.put("created_by", createdBy);
      return json;
    }

    static Share of(JsonNode json) {
      return new Share(
          json.path("id").asText(),
          json.path("uuid").asText(),
          json.path("pipeline").asText(),
          json.path("stage").asText(),
          json.path("key").asText(),
          json.path("hash").asText(),
          json.path("scope").asText(),
          Instant.parse(json.path("created_at").asText()),
          Instant.parse(json.path("expires_at").asText()),
          json.path("created_by").asText());
    }
  }

  private final BlobStore store;

  public ShareRecords(BlobStore store) {
    this.store = store;
  }

  public static boolean isShareId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** Stores the share unless one with its id exists; returns the stored one either way. */
  public Share create(Share share) {
    store.putBytesIfAbsent(
        ShareFiles.recordKey(share.id()), VconJson.codec().write(share.json()), PutOptions.JSON);
    return find(share.id()).orElseThrow();
  }

  public Optional<Share> find(String id) {
    if (!isShareId(id)) {
      return Optional.empty();
    }
    String key = ShareFiles.recordKey(id);
    if (store.head(key).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Share.of(VconJson.codec().read(store.getBytes(key, MAX_BYTES))));
  }

  /** Marks the share revoked; true when this call revoked it, false when it already was. */
  public boolean revoke(String id, Instant at) {
    ObjectNode json = JsonNodeFactory.instance.objectNode().put("revoked_at", at.toString());
    return store
        .putBytesIfAbsent(ShareFiles.revokedKey(id), VconJson.codec().write(json), PutOptions.JSON)
        .isPresent();
  }

  public boolean revoked(String id) {
    return store.head(ShareFiles.revokedKey(id)).isPresent();
  }
}
