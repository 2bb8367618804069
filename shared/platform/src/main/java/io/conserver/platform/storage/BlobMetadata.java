package io.conserver.platform.storage;

import java.time.Instant;
import java.util.Map;

/**
 * What a store knows of an object without reading it.
 *
 * @param version the store's version token: an ETag on S3, a generation on GCS, a content
 *     fingerprint locally; it changes whenever the object is replaced
 */
public record BlobMetadata(
    String key,
    long size,
    String contentType,
    String version,
    Instant lastModified,
    Map<String, String> userMetadata) {
  public BlobMetadata {
    userMetadata = Map.copyOf(userMetadata);
  }
}
