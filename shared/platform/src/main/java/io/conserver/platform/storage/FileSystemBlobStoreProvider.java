package io.conserver.platform.storage;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Buckets as folders under {@code conserver.file.root} (objects in {@code <root>/<bucket>/},
 * metadata in {@code <root>/.meta/<bucket>/}): for on-premise shared volumes and tests.
 */
public final class FileSystemBlobStoreProvider implements BlobStoreProvider {
  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public BlobStore open(String bucket, Function<String, Optional<String>> settings) {
    BlobKeys.require(bucket);
    if (bucket.contains("/")) {
      throw new InvalidKeyException("a bucket name has no '/'");
    }
    Path root =
        Path.of(
            settings
                .apply("conserver.file.root")
                .orElseThrow(() -> new StorageException("conserver.file.root is not set")));
    return new FileSystemBlobStore(
        bucket, root.resolve(bucket), root.resolve(".meta").resolve(bucket));
  }
}
