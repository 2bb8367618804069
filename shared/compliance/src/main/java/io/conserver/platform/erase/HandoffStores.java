package io.conserver.platform.erase;

import io.conserver.platform.storage.BlobStore;
import java.util.Optional;

/**
 * How erase reaches the cloud bucket an on-premise stage handed copies to, without the platform
 * depending on the export-to-cloud function that knows the destinations and their credentials: that
 * module implements this port and the runtime wires it (as {@link SinkPort} for sinks).
 */
public interface HandoffStores {
  /**
   * The store the tenant's pipelines write to under this scheme and bucket, opened with the
   * hand-off's identity; empty when no stage of the tenant's declarations names it any more.
   */
  Optional<BlobStore> open(String scheme, String bucket) throws Exception;

  /** For tenants that hand nothing to another store. */
  HandoffStores NONE = (scheme, bucket) -> Optional.empty();
}
