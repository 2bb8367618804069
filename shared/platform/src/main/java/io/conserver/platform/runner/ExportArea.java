package io.conserver.platform.runner;

import io.conserver.platform.BucketLayout;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;

/**
 * The part of a tenant's bucket an export stage may write: {@code exports/<pipeline>/…} (file
 * sinks) and {@code sinks/journal/…} (what was exported where). Anything else is refused, so a sink
 * cannot overwrite stage outputs, the ledger or another pipeline's exports.
 */
public final class ExportArea {
  private final BlobStore store;
  private final String exportPrefix;

  /** For the runner (through {@link StageInput#exports()}) and for erase, which holds the store. */
  public ExportArea(BlobStore store, String pipeline) {
    this.store = store;
    this.exportPrefix = BucketLayout.exportPrefix(pipeline);
  }

  public String exportPrefix() {
    return exportPrefix;
  }

  /** Writes (or replaces) an object: exports are rewritten whole, so a retry is harmless. */
  public BlobMetadata put(String key, byte[] content, PutOptions options) {
    return store.putBytes(allowed(key), content, options);
  }

  public boolean delete(String key) {
    return store.delete(allowed(key));
  }

  public java.util.List<BlobMetadata> list(String prefix) {
    return store.list(allowed(prefix));
  }

  private String allowed(String key) {
    if (!key.startsWith(exportPrefix) && !key.startsWith("sinks/journal/")) {
      throw new IllegalArgumentException(
          "an export stage writes only under " + exportPrefix + " and sinks/journal/: " + key);
    }
    return key;
  }
}
