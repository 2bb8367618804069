package io.conserver.local.runtime;

import io.conserver.platform.storage.FileSystemBlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * Where one tenant's data lives under the data directory:
 *
 * <pre>
 * DATA/TENANT/bucket/   the tenant's bucket (the same key layout as S3/GCS)
 * DATA/TENANT/.meta/    object metadata sidecars and staging files
 * DATA/TENANT/.runtime/ the local runtime's own bookkeeping (which events were handled)
 * DATA/TENANT/keys/     the tenant's secrets, generated on first use, readable by the owner only
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

  /** The party-index HMAC key: 32 random bytes, created on first use (mode 600). */
  public byte[] partyIndexKey() {
    Path file = root().resolve("keys").resolve("party-index.key");
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(
            file.getParent(),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path temp =
            Files.createTempFile(
                file.getParent(),
                "key-",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(temp, key);
        try {
          Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE); // two first runs: one key wins
        } catch (FileAlreadyExistsException e) {
          Files.deleteIfExists(temp);
        }
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public FileSystemBlobStore store() {
    return new FileSystemBlobStore(bucketName(), bucketFolder(), root().resolve(".meta"));
  }
}
