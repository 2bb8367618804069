package io.conserver.local.runtime;

import io.conserver.platform.storage.FileSystemBlobStore;
import java.nio.file.Path;

/**
 * Where one tenant's data lives under the data directory:
 *
 * <pre>
 * DATA/TENANT/bucket/   the tenant's bucket (the same key layout as S3/GCS)
 * DATA/TENANT/.meta/    object metadata sidecars and staging files
 * DATA/TENANT/.runtime/ the local runtime's own bookkeeping (which events were handled)
 * </pre>
 */
public record LocalTenant(Path data, String tenant) {
  public Path root() {
    return data.resolve(tenant);
  }

  public Path bucketFolder() {
    return root().resolve("bucket");
  }

  public Path runtimeFolder() {
    return root().resolve(".runtime");
  }

  /** The bucket name events carry, as a cloud bucket would be named per tenant. */
  public String bucketName() {
    return "conserver-" + tenant;
  }

  public FileSystemBlobStore store() {
    return new FileSystemBlobStore(bucketName(), bucketFolder(), root().resolve(".meta"));
  }
}
