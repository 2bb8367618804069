package io.conserver.testing;

import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.vcon.VconJson;
import java.util.List;

/** The quarantine records a stage wrote, read back for a test's assertions. */
public final class QuarantineRecords {
  private QuarantineRecords() {}

  /**
   * The error message of the one record under {@code prefix} (e.g. {@code
   * quarantine/default/ingest/}); fails the test unless there is exactly one.
   */
  public static String onlyMessage(BlobStore store, String prefix) {
    List<BlobMetadata> records = store.list(prefix);
    if (records.size() != 1) {
      throw new AssertionError("expected one quarantine record under " + prefix + ": " + records);
    }
    return VconJson.codec()
        .read(store.getBytes(records.get(0).key(), 100_000))
        .path("error")
        .path("message")
        .asText();
  }
}
