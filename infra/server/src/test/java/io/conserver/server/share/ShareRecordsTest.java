package io.conserver.server.share;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.platform.share.ShareFiles;
import io.conserver.platform.storage.FileSystemBlobStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the server writes is what retention and erase read ({@link ShareFiles}). */
class ShareRecordsTest {
  @TempDir Path dir;

  @Test
  void theRecordsTheServerWrites_areTheOnesRetentionAndEraseFind() {
    FileSystemBlobStore store = new FileSystemBlobStore("b", dir.resolve("o"), dir.resolve("m"));
    ShareRecords records = new ShareRecords(store);
    Instant created = Instant.parse("2026-11-26T10:00:00Z");
    String id = "0123456789abcdef0123456789abcdef";
    records.create(
        new ShareRecords.Share(
            id,
            "019f1b2c-3d4e-8f60-8a1b-2c3d4e5f6a7b",
            "default",
            "export",
            "vcons/default/export/019f1b2c-3d4e-8f60-8a1b-2c3d4e5f6a7b.vcon.json",
            "sha512-x",
            "read-redacted",
            created,
            created.plusSeconds(86400),
            "key:k1"));
    records.revoke(id, created.plusSeconds(60));

    List<ShareFiles.Stored> stored = new ShareFiles(store).all();

    assertThat(stored).hasSize(1);
    ShareFiles.Stored share = stored.get(0);
    assertThat(share.conversation()).isEqualTo("019f1b2c-3d4e-8f60-8a1b-2c3d4e5f6a7b");
    assertThat(share.expiresAt()).isEqualTo(created.plusSeconds(86400));
    assertThat(share.revokedAt()).isEqualTo(Optional.of(created.plusSeconds(60)));
    assertThat(share.endedAt()).isEqualTo(created.plusSeconds(60));
    assertThat(share.keys()).containsExactly(ShareFiles.recordKey(id), ShareFiles.revokedKey(id));
    assertThat(records.find(id)).isPresent();
    assertThat(records.revoked(id)).isTrue();
  }
}
