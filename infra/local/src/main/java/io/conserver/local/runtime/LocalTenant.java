package io.conserver.local.runtime;

import io.conserver.platform.erase.ReceiptSigner;
import io.conserver.platform.lifecycle.ReceiptKeyPem;
import io.conserver.platform.storage.FileSystemBlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;

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
    Path file = keysFolder().resolve("party-index.key");
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return createOnce(file, key);
  }

  /**
   * The receipt signing key pair (EC P-256), created on first use: {@code keys/receipt-signing.key}
   * holds the PKCS#8 private key and the X.509 public key as PEM (mode 600); the public key alone
   * is what a verifier needs ({@link #receiptPublicKey}).
   */
  public KeyPair receiptKeyPair() {
    return ecKeyPair("receipt-signing.key");
  }

  /**
   * The key shared vCons are signed with (EC P-256, {@code keys/share-signing.key}, same layout as
   * the receipt key): its own key, so a signed vCon can never pass for a receipt.
   */
  public KeyPair shareSigningKeyPair() {
    return ecKeyPair("share-signing.key");
  }

  /** The HMAC key of share links: 32 random bytes, created on first use (mode 600). */
  public byte[] shareLinkKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return createOnce(keysFolder().resolve("share-link.key"), key);
  }

  private KeyPair ecKeyPair(String name) {
    Path file = keysFolder().resolve(name);
    String pem = ReceiptKeyPem.format(ReceiptSigner.generateKeyPair());
    String stored =
        new String(
            createOnce(file, pem.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
    try {
      return ReceiptKeyPem.parse(stored);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(file + " does not hold an EC key pair", e);
    }
  }

  public ECPublicKey receiptPublicKey() {
    return (ECPublicKey) receiptKeyPair().getPublic();
  }

  private Path keysFolder() {
    return root().resolve("keys");
  }

  /**
   * The file's content, writing {@code content} first if the file does not exist: a temporary file
   * (owner-only) linked into place, so two first runs agree on one key and nobody reads half of
   * one.
   */
  private static byte[] createOnce(Path file, byte[] content) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(
            file.getParent(),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path temp =
            Files.createTempFile(
                file.getParent(),
                "key-",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
          Files.write(temp, content);
          Files.createLink(file, temp); // fails if another process created it first
        } catch (FileAlreadyExistsException e) {
          // the other key wins
        } finally {
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
