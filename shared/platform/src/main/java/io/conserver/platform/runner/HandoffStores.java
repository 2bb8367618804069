package io.conserver.platform.runner;

import io.conserver.platform.storage.BlobStore;
import java.util.Optional;

/**
 * The stores a tenant's pipelines hand copies to ({@link PipelineHandoff#intoStore}: a hybrid
 * tenant's cloud bucket), for what must reach them later without knowing the destinations and their
 * credentials: erase writes its requests for the handed copies there. The export-to-cloud function
 * implements it and the runtime wires it. In shared/platform, not beside erase, so that function's
 * packages (the light Lambda zip) need not carry the compliance module.
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
