package io.conserver.platform.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * One tenant's bucket. Content always streams: nothing here holds a whole object in memory except
 * the {@code *Bytes} conveniences, which take an explicit size limit.
 *
 * <p>Keys are checked with {@link BlobKeys#require(String)} by every adapter before use.
 */
public interface BlobStore {
  /** Name of the bucket (or local folder) this store writes to, as events name it. */
  String bucket();

  /**
   * Where the cloud's own services (a transcription job, say) can read an object with the tenant's
   * credentials ({@code s3://bucket/key}, {@code gs://bucket/key}); empty for stores no such
   * service can reach (the local filesystem).
   */
  default Optional<java.net.URI> locationOf(String key) {
    return Optional.empty();
  }

  /**
   * Loads and initialises what the first request will need (a client's TLS machinery, say) without
   * opening a connection or resolving credentials, so it can run before a snapshot or beside a cold
   * start. Does nothing by default.
   */
  default void warmUp() {}

  /** Metadata of an object, or empty when it does not exist. */
  Optional<BlobMetadata> head(String key);

  /**
   * Opens an object for streaming; the caller closes the stream.
   *
   * @throws BlobNotFoundException when the object does not exist
   */
  InputStream get(String key);

  /**
   * Writes an object, replacing any existing one; readers see the old or the new object, never a
   * partial one.
   *
   * @param length the exact length, or -1 when unknown (the adapter then streams in parts)
   */
  BlobMetadata put(String key, InputStream content, long length, PutOptions options);

  /**
   * Writes an object only if no object exists under the key (the conditional write that makes every
   * stage idempotent). Returns empty, and writes nothing, when the key already exists.
   */
  Optional<BlobMetadata> putIfAbsent(
      String key, InputStream content, long length, PutOptions options);

  /** Every object whose key starts with {@code prefix}, in key order. */
  List<BlobMetadata> list(String prefix);

  /** Deletes an object; returns whether it existed. */
  boolean delete(String key);

  default BlobMetadata putBytes(String key, byte[] content, PutOptions options) {
    return put(key, new ByteArrayInputStream(content), content.length, options);
  }

  default Optional<BlobMetadata> putBytesIfAbsent(String key, byte[] content, PutOptions options) {
    return putIfAbsent(key, new ByteArrayInputStream(content), content.length, options);
  }

  /**
   * Reads a small object whole.
   *
   * @throws BlobTooLargeException when the object is larger than {@code maxBytes}
   */
  default byte[] getBytes(String key, long maxBytes) {
    try (InputStream in = get(key)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw new BlobTooLargeException(key, maxBytes);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
