package io.conserver.platform.share;

import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Share records as the server writes them (its ShareRecords), for retention and erase tests. */
public final class StoredShares {
  private StoredShares() {}

  /** Writes a share of {@code conversation}, revoked at {@code revokedAt} if given; its id. */
  public static String write(
      BlobStore store, String conversation, Instant expiresAt, Optional<Instant> revokedAt) {
    String id = UUID.randomUUID().toString().replace("-", "");
    String record =
        String.format(
            "{\"id\":\"%s\",\"uuid\":\"%s\",\"pipeline\":\"calls\",\"created_at\":\"%s\","
                + "\"expires_at\":\"%s\"}",
            id, conversation, expiresAt.minus(Duration.ofDays(1)), expiresAt);
    store.putBytes(
        ShareFiles.recordKey(id), record.getBytes(StandardCharsets.UTF_8), PutOptions.JSON);
    revokedAt.ifPresent(
        at ->
            store.putBytes(
                ShareFiles.revokedKey(id),
                ("{\"revoked_at\":\"" + at + "\"}").getBytes(StandardCharsets.UTF_8),
                PutOptions.JSON));
    return id;
  }
}
