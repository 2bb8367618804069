package io.conserver.platform.media;

import io.conserver.platform.fetch.HashedFile;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.StageMisconfiguredException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Reads an object from a bucket of another cloud account by assuming a role there (an Amazon
 * Connect instance writing its recordings to its own account's bucket). A port: the implementation
 * (STS + S3, {@code shared/platform-aws-crossaccount}) is found with {@link ServiceLoader} and is
 * left out of packages that must stay small, where {@link #installed()} is empty.
 */
public interface CrossAccountObjects {
  /** The role to assume: its ARN, the external id its trust policy requires, the region. */
  record Role(String arn, String externalId, String region) {
    @Override
    public String toString() {
      return "Role[" + arn + ", " + region + "]"; // the external id stays out of messages
    }
  }

  /**
   * Streams {@code bucket/key} into a temporary file in {@code tempDir}, hashed while it streams.
   *
   * @throws StageMisconfiguredException the role cannot be assumed or may not read the object
   * @throws InvalidInputException the object is not there
   * @throws IOException a transient failure (throttling, 5xx, network): retried
   */
  HashedFile download(Role role, String bucket, String key, Path tempDir)
      throws IOException, InvalidInputException, StageMisconfiguredException;

  static Optional<CrossAccountObjects> installed() {
    return ServiceLoader.load(CrossAccountObjects.class).findFirst();
  }
}
