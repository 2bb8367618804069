package io.conserver.platform.storage;

import java.util.Optional;
import java.util.function.Function;

/**
 * Opens a bucket of one kind of store. Each storage module registers its provider (a {@code
 * META-INF/services} entry), so a function package that carries one cloud SDK offers that cloud's
 * store and nothing else.
 */
public interface BlobStoreProvider {
  /** The store kind a deployment selects: {@code file}, {@code s3}, {@code gcs}. */
  String scheme();

  /**
   * @param bucket the tenant's bucket
   * @param settings configuration lookup (e.g. {@code conserver.s3.endpoint}); never logged
   */
  BlobStore open(String bucket, Function<String, Optional<String>> settings);
}
