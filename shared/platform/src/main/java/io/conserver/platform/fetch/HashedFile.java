package io.conserver.platform.fetch;

import io.conserver.vcon.ContentHash;
import io.conserver.vcon.HashingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Downloaded bytes whose hash was not known before (media a source names), in a temporary file that
 * {@link #close()} deletes, with the SHA-512 {@code content_hash} computed while they streamed.
 */
public final class HashedFile extends TemporaryDownload {
  private final ContentHash sha512;

  HashedFile(Path path, long size, ContentHash sha512) {
    super(path, size);
    this.sha512 = sha512;
  }

  /**
   * Streams {@code in} (an object store's body: a bucket the guard does not cover) to a temporary
   * file in {@code dir} while hashing it, at most {@code maxBytes}; the file is deleted on failure.
   */
  public static HashedFile copyOf(InputStream in, Path dir, long maxBytes) throws IOException {
    Path file = Files.createTempFile(dir, "copy-", ".part");
    try (HashingInputStream hashing = HashingInputStream.sha512(in);
        OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = hashing.read(buffer); n >= 0; n = hashing.read(buffer)) {
        if (hashing.byteCount() > maxBytes) {
          throw new FetchException(
              FetchException.Reason.TOO_LARGE, "the object exceeds " + maxBytes + " bytes");
        }
        out.write(buffer, 0, n);
      }
      out.close();
      return new HashedFile(file, hashing.byteCount(), hashing.sha512());
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  public ContentHash sha512() {
    return sha512;
  }
}
