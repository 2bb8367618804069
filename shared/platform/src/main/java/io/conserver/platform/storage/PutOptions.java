package io.conserver.platform.storage;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Content type and user metadata of a write. Metadata names are lowercase ASCII so they survive
 * every store's header rules (S3 {@code x-amz-meta-*}, GCS metadata, local sidecar).
 */
public record PutOptions(String contentType, Map<String, String> userMetadata) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  public static final PutOptions JSON = new PutOptions("application/json", Map.of());

  public static final PutOptions BINARY = new PutOptions("application/octet-stream", Map.of());

  /** A vCon document (the IETF draft's media type). */
  public static final PutOptions VCON = new PutOptions("application/vcon+json", Map.of());

  public PutOptions {
    if (contentType == null || contentType.isBlank()) {
      contentType = "application/octet-stream";
    }
    userMetadata = Map.copyOf(userMetadata);
    for (var entry : userMetadata.entrySet()) {
      if (!NAME.matcher(entry.getKey()).matches()) {
        throw new IllegalArgumentException(
            "metadata name must match " + NAME + ": " + entry.getKey());
      }
      if (!entry.getValue().chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException(
            "metadata value must be printable ASCII: " + entry.getKey());
      }
    }
  }

  public static PutOptions of(String contentType) {
    return new PutOptions(contentType, Map.of());
  }

  public PutOptions withMetadata(String name, String value) {
    var copy = new java.util.HashMap<>(userMetadata);
    copy.put(name, value);
    return new PutOptions(contentType, copy);
  }
}
