package io.conserver.platform.gcp;

import com.google.auth.Credentials;
import com.google.cloud.ReadChannel;
import com.google.cloud.ServiceOptions;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import io.conserver.platform.storage.BlobKeys;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobNotFoundException;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.channels.Channels;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One tenant's Google Cloud Storage bucket through the JSON API. The object generation is the
 * version token; conditional creates use {@code ifGenerationMatch=0}, which GCS evaluates
 * atomically, so the idempotency of every stage rests on the service, not on a read-then-write. How
 * bytes are uploaded is {@link GcsUploads}' business.
 */
public final class GcsBlobStore implements BlobStore {
  private final Storage storage;
  private final String bucket;
  private final GcsUploads uploads;

  public GcsBlobStore(Storage storage, GcsSettings settings) {
    this.storage = storage;
    this.bucket = settings.bucket();
    this.uploads = new GcsUploads(storage, settings);
  }

  /** A store on the settings' bucket with Application Default Credentials. */
  public static GcsBlobStore open(GcsSettings settings) {
    return new GcsBlobStore(GcsStorageFactory.create(settings), settings);
  }

  /** A store with these credentials and the client's default retries. */
  public static GcsBlobStore open(GcsSettings settings, Credentials credentials) {
    return new GcsBlobStore(
        GcsStorageFactory.create(settings, credentials, ServiceOptions.getDefaultRetrySettings()),
        settings);
  }

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public Optional<java.net.URI> locationOf(String key) {
    return Optional.of(java.net.URI.create("gs://" + bucket() + "/" + BlobKeys.require(key)));
  }

  @Override
  public Optional<BlobMetadata> head(String key) {
    BlobId id = id(key);
    try {
      return Optional.ofNullable(storage.get(id)).map(GcsBlobStore::describe);
    } catch (RuntimeException e) {
      throw GcsErrors.failure("cannot read metadata of", bucket, key, e);
    }
  }

  @Override
  public InputStream get(String key) {
    BlobId id = id(key);
    ReadChannel channel = storage.reader(id);
    // The reader is lazy: nothing is requested until the first read. Read one byte now so a
    // missing object is reported here, as the port promises, and not at the caller's first read.
    PushbackInputStream in = new PushbackInputStream(Channels.newInputStream(channel), 1);
    try {
      int first = in.read();
      if (first >= 0) {
        in.unread(first);
      }
      return in;
    } catch (IOException | RuntimeException e) {
      channel.close();
      if (GcsErrors.status(e) == GcsErrors.NOT_FOUND) {
        throw new BlobNotFoundException(key);
      }
      throw GcsErrors.failure("cannot read", bucket, key, e);
    }
  }

  @Override
  public BlobMetadata put(String key, InputStream content, long length, PutOptions options) {
    BlobInfo info = info(key, options);
    return uploads.upload(info, content, length, false).orElseThrow();
  }

  @Override
  public Optional<BlobMetadata> putIfAbsent(
      String key, InputStream content, long length, PutOptions options) {
    BlobInfo info = info(key, options);
    return uploads.upload(info, content, length, true);
  }

  @Override
  public List<BlobMetadata> list(String prefix) {
    BlobKeys.requirePrefix(prefix);
    BlobListOption[] options =
        prefix.isEmpty()
            ? new BlobListOption[0]
            : new BlobListOption[] {BlobListOption.prefix(prefix)};
    List<BlobMetadata> result = new ArrayList<>();
    try {
      // iterateAll follows nextPageToken until the last page.
      for (Blob blob : storage.list(bucket, options).iterateAll()) {
        // Objects no key rule allows (console "folder/" placeholders, "a//b") are skipped, as the
        // filesystem store skips them: a caller could not read them through the port anyway.
        if (BlobKeys.isValid(blob.getName())) {
          result.add(describe(blob));
        }
      }
    } catch (RuntimeException e) {
      throw GcsErrors.failure("cannot list", bucket, prefix, e);
    }
    // GCS lists in UTF-8 byte order; the port promises String order, as every adapter sorts.
    result.sort(Comparator.comparing(BlobMetadata::key));
    return result;
  }

  @Override
  public boolean delete(String key) {
    BlobId id = id(key);
    try {
      return storage.delete(id);
    } catch (RuntimeException e) {
      throw GcsErrors.failure("cannot delete", bucket, key, e);
    }
  }

  private BlobId id(String key) {
    return BlobId.of(bucket, BlobKeys.require(key));
  }

  private BlobInfo info(String key, PutOptions options) {
    return BlobInfo.newBuilder(id(key))
        .setContentType(options.contentType())
        .setMetadata(options.userMetadata())
        .build();
  }

  static BlobMetadata describe(BlobInfo blob) {
    Long size = blob.getSize();
    String contentType = blob.getContentType();
    OffsetDateTime updated = blob.getUpdateTimeOffsetDateTime();
    Map<String, String> metadata = new HashMap<>();
    if (blob.getMetadata() != null) {
      // A metadata entry can come back with a null value (a key being removed); it is no value.
      blob.getMetadata()
          .forEach(
              (name, value) -> {
                if (value != null) {
                  metadata.put(name, value);
                }
              });
    }
    return new BlobMetadata(
        blob.getName(),
        size == null ? 0 : size,
        contentType == null ? "application/octet-stream" : contentType,
        blob.getGeneration() == null ? null : Long.toString(blob.getGeneration()),
        updated == null ? Instant.EPOCH : updated.toInstant(),
        metadata);
  }
}
