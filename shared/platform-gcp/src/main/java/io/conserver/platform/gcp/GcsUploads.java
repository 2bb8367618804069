package io.conserver.platform.gcp;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Writes one object, choosing the request shape by size: up to the single-request limit the bytes
 * go in one multipart request; larger or unknown-length content streams through a resumable upload
 * session in chunks, so memory stays at one chunk whatever the size.
 *
 * <p>A resumable object only exists once the last chunk is committed. When the input fails or its
 * length is not the declared one, the channel is abandoned without being closed (closing would
 * commit what was sent): the unfinished session holds no object and GCS discards it after a week.
 */
final class GcsUploads {
  private static final int COPY_BUFFER = 64 * 1024;

  private final Storage storage;
  private final int chunkSize;
  private final int singleRequestLimit;

  GcsUploads(Storage storage, GcsSettings settings) {
    this.storage = storage;
    this.chunkSize = settings.chunkSize();
    this.singleRequestLimit = settings.singleRequestLimit();
  }

  /**
   * Uploads, optionally only if the key is free. Returns the written object, or empty when {@code
   * ifAbsent} and the object already existed (GCS answered 412 at session start, at commit or to
   * the single request).
   */
  Optional<BlobMetadata> upload(BlobInfo info, InputStream content, long length, boolean ifAbsent) {
    String key = info.getName();
    try {
      if (length >= 0 && length <= singleRequestLimit) {
        byte[] bytes = readExactly(content, (int) length, key);
        return Optional.of(GcsBlobStore.describe(single(info, bytes, ifAbsent)));
      }
      // Unknown length: a small stream still deserves one request, so read up to the limit first;
      // only a stream that goes past it pays for a resumable session.
      byte[] head = content.readNBytes(length < 0 ? singleRequestLimit + 1 : 0);
      if (length < 0 && head.length <= singleRequestLimit) {
        return Optional.of(GcsBlobStore.describe(single(info, head, ifAbsent)));
      }
      return Optional.of(resumable(info, head, content, length, ifAbsent));
    } catch (IOException | RuntimeException e) {
      if (e instanceof StorageException port) {
        throw port;
      }
      if (ifAbsent && GcsErrors.status(e) == GcsErrors.PRECONDITION_FAILED) {
        return Optional.empty();
      }
      throw GcsErrors.failure("cannot write", info.getBucket(), key, e);
    }
  }

  private Blob single(BlobInfo info, byte[] bytes, boolean ifAbsent) {
    BlobTargetOption[] options =
        ifAbsent
            ? new BlobTargetOption[] {BlobTargetOption.doesNotExist()}
            : new BlobTargetOption[0];
    return storage.create(info, bytes, options);
  }

  private BlobMetadata resumable(
      BlobInfo info, byte[] head, InputStream rest, long length, boolean ifAbsent)
      throws IOException {
    BlobWriteOption[] options =
        ifAbsent ? new BlobWriteOption[] {BlobWriteOption.doesNotExist()} : new BlobWriteOption[0];
    WriteChannel channel = storage.writer(info, options); // starts the session (may answer 412)
    channel.setChunkSize(chunkSize);
    long written = writeFully(channel, head, head.length);
    byte[] buffer = new byte[COPY_BUFFER];
    for (int n = rest.read(buffer); n >= 0; n = rest.read(buffer)) {
      if (length >= 0 && written + n > length) {
        throw lengthMismatch(info.getName(), length, "more");
      }
      written += writeFully(channel, buffer, n);
    }
    if (length >= 0 && written != length) {
      throw lengthMismatch(info.getName(), length, "fewer (" + written + ")");
    }
    channel.close(); // sends the last chunk with the total size: the object now exists
    // The write channel does not hand back the object resource, so ask for it. If another writer
    // replaced the object in between, this describes theirs; both are complete objects.
    Blob blob = storage.get(info.getBlobId());
    if (blob == null) {
      // Deleted in between: the write still happened; describe it without a version.
      return new BlobMetadata(
          info.getName(),
          written,
          info.getContentType(),
          null,
          Instant.now(),
          info.getMetadata() == null ? Map.of() : info.getMetadata());
    }
    return GcsBlobStore.describe(blob);
  }

  private static long writeFully(WriteChannel channel, byte[] bytes, int count) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, count);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    return count;
  }

  /** Reads exactly {@code length} bytes and checks the stream ends there. */
  private static byte[] readExactly(InputStream content, int length, String key)
      throws IOException {
    byte[] bytes = content.readNBytes(length);
    if (bytes.length < length) {
      throw lengthMismatch(key, length, "fewer (" + bytes.length + ")");
    }
    if (content.read() >= 0) {
      throw lengthMismatch(key, length, "more");
    }
    return bytes;
  }

  private static StorageException lengthMismatch(String key, long declared, String actual) {
    return new StorageException(
        "stream for "
            + key
            + " has "
            + actual
            + " bytes than the declared "
            + declared
            + "; nothing was written");
  }
}
