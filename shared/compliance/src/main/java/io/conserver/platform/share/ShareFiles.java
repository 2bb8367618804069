package io.conserver.platform.share;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.vcon.VconJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a tenant's share links are kept, and what retention and erase need of them: {@code
 * shares/<id>.json} (written by the server's share records: {@code uuid}, the conversation; {@code
 * expires_at}; the pinned copy by key and hash) and {@code shares/<id>.revoked} ({@code
 * revoked_at}). The ledger's {@code share/<id>/…} events are the audit trail and are kept; these
 * records only answer the link.
 */
public final class ShareFiles {
  public static final String PREFIX = "shares/";
  private static final String RECORD = ".json";
  private static final String REVOKED = ".revoked";
  private static final long MAX_BYTES = 64 * 1024;

  /** One stored share: its objects, and when it ended (expiry, or revocation if earlier). */
  public record Stored(
      String id,
      String conversation,
      Instant expiresAt,
      Optional<Instant> revokedAt,
      List<String> keys) {
    public Instant endedAt() {
      return revokedAt.filter(r -> r.isBefore(expiresAt)).orElse(expiresAt);
    }
  }

  private final BlobStore store;

  public ShareFiles(BlobStore store) {
    this.store = store;
  }

  public static String recordKey(String id) {
    return PREFIX + id + RECORD;
  }

  public static String revokedKey(String id) {
    return PREFIX + id + REVOKED;
  }

  /**
   * Every share of the tenant with its objects. A revocation marker whose record is gone (a run
   * stopped between the two deletes) is listed as a share that ended at the marker's time.
   */
  public List<Stored> all() {
    Map<String, List<BlobMetadata>> byId = new TreeMap<>();
    for (BlobMetadata object : store.list(PREFIX)) {
      String name = object.key().substring(PREFIX.length());
      int dot = name.lastIndexOf('.');
      if (dot > 0 && !name.contains("/")) {
        byId.computeIfAbsent(name.substring(0, dot), k -> new ArrayList<>()).add(object);
      }
    }
    List<Stored> shares = new ArrayList<>();
    byId.forEach((id, objects) -> stored(id, objects).ifPresent(shares::add));
    return shares;
  }

  /** The objects of the shares of these conversations (their records and revocation markers). */
  public List<String> keysOf(java.util.Collection<String> conversations) {
    return all().stream()
        .filter(share -> conversations.contains(share.conversation()))
        .flatMap(share -> share.keys().stream())
        .toList();
  }

  private Optional<Stored> stored(String id, List<BlobMetadata> objects) {
    Optional<JsonNode> record = read(objects, RECORD);
    Optional<JsonNode> revoked = read(objects, REVOKED);
    Optional<Instant> revokedAt = revoked.flatMap(json -> instant(json, "revoked_at"));
    List<String> keys = objects.stream().map(BlobMetadata::key).toList();
    if (record.isEmpty()) {
      return revokedAt.map(at -> new Stored(id, "", at, Optional.of(at), keys));
    }
    Optional<Instant> expiresAt = instant(record.get(), "expires_at");
    return expiresAt.map(
        expires -> new Stored(id, record.get().path("uuid").asText(), expires, revokedAt, keys));
  }

  private Optional<JsonNode> read(List<BlobMetadata> objects, String suffix) {
    return objects.stream()
        .filter(o -> o.key().endsWith(suffix))
        .findFirst()
        .flatMap(
            o -> {
              try {
                return Optional.of(VconJson.codec().read(store.getBytes(o.key(), MAX_BYTES)));
              } catch (RuntimeException goneOrNotJson) {
                return Optional.empty();
              }
            });
  }

  private static Optional<Instant> instant(JsonNode json, String member) {
    try {
      return Optional.of(Instant.parse(json.path(member).asText()));
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
  }
}
