package io.conserver.platform.gcp;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link GcsBlobStore} writes and how it uploads. Credentials are deliberately not part of
 * the settings: they come from Application Default Credentials (see {@link GcsStorageFactory}), so
 * settings can be printed or logged without leaking anything.
 *
 * @param bucket the tenant's bucket
 * @param projectId the project to bill, or null to let the client find it (environment, metadata
 *     server)
 * @param host a custom endpoint such as {@code http://127.0.0.1:4443} or a private endpoint, or
 *     null for the public Google Cloud Storage endpoint
 * @param chunkSize bytes per request of a resumable upload; GCS requires a multiple of 256 KiB, and
 *     it is also the memory one upload holds
 * @param singleRequestLimit writes up to this size go in one multipart request (read into memory
 *     first); larger or longer streams use a resumable upload
 */
public record GcsSettings(
    String bucket, String projectId, String host, int chunkSize, int singleRequestLimit) {
  /** GCS accepts resumable chunks only in multiples of this (except the last one). */
  public static final int CHUNK_QUANTUM = 256 * 1024;

  public static final int DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024;

  public static final int DEFAULT_SINGLE_REQUEST_LIMIT = 4 * 1024 * 1024;

  public GcsSettings {
    Objects.requireNonNull(bucket, "bucket");
    if (bucket.isBlank()) {
      throw new IllegalArgumentException("bucket must not be blank");
    }
    if (chunkSize < CHUNK_QUANTUM || chunkSize % CHUNK_QUANTUM != 0) {
      throw new IllegalArgumentException(
          "chunkSize must be a positive multiple of 256 KiB: " + chunkSize);
    }
    if (singleRequestLimit < 0) {
      throw new IllegalArgumentException("singleRequestLimit must be >= 0: " + singleRequestLimit);
    }
  }

  /** Defaults for a bucket on the public endpoint, project taken from the environment. */
  public static GcsSettings forBucket(String bucket) {
    return new GcsSettings(bucket, null, null, DEFAULT_CHUNK_SIZE, DEFAULT_SINGLE_REQUEST_LIMIT);
  }

  public GcsSettings withProjectId(String projectId) {
    return new GcsSettings(bucket, projectId, host, chunkSize, singleRequestLimit);
  }

  public GcsSettings withHost(String host) {
    return new GcsSettings(bucket, projectId, host, chunkSize, singleRequestLimit);
  }

  public GcsSettings withChunkSize(int chunkSize) {
    return new GcsSettings(bucket, projectId, host, chunkSize, singleRequestLimit);
  }

  public GcsSettings withSingleRequestLimit(int singleRequestLimit) {
    return new GcsSettings(bucket, projectId, host, chunkSize, singleRequestLimit);
  }

  public Optional<String> project() {
    return Optional.ofNullable(projectId).filter(p -> !p.isBlank());
  }

  public Optional<String> customHost() {
    return Optional.ofNullable(host).filter(h -> !h.isBlank());
  }
}
