package io.conserver.platform.events;

import io.conserver.platform.storage.BlobKeys;
import io.conserver.platform.storage.InvalidKeyException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the objects one delivery reports, and what it ignored, into its {@link Outcome}. Every
 * key that comes out is valid by {@link BlobKeys}; a folder placeholder (a key ending in '/') is
 * ignored, any other invalid key is poison.
 */
final class Created {
  static final String PLACEHOLDER = "folder placeholder (key ends with '/')";

  private final String tenant;
  private final List<ObjectCreated> objects = new ArrayList<>();
  private String ignored;

  Created(String tenant) {
    this.tenant = tenant;
  }

  /**
   * Adds one created object.
   *
   * @param key the key, already decoded
   * @param version the version or ETag, surrounding quotes are removed; null or empty when unknown
   */
  void add(String bucket, String key, long size, String version) {
    if (bucket == null || bucket.isEmpty()) {
      throw new BadEvent("bucket name is missing");
    }
    if (!isBucketName(bucket)) {
      throw new BadEvent("bucket name is not valid");
    }
    if (key == null || key.isEmpty()) {
      throw new BadEvent("object key is missing");
    }
    if (key.endsWith("/")) {
      ignore(PLACEHOLDER);
      return;
    }
    try {
      BlobKeys.require(key);
    } catch (InvalidKeyException e) {
      throw new BadEvent(e.getMessage());
    }
    if (Keys.hasLoneSurrogate(key)) {
      throw new BadEvent("object key is not valid Unicode");
    }
    objects.add(new ObjectCreated(tenant, bucket, key, size, unquote(version)));
  }

  /** Records why something in this delivery asks for nothing (the first reason is kept). */
  void ignore(String reason) {
    if (ignored == null) {
      ignored = reason;
    }
  }

  Outcome outcome() {
    if (!objects.isEmpty()) {
      return new Outcome.Objects(objects);
    }
    return new Outcome.Ignored(ignored == null ? "no object was created" : ignored);
  }

  /**
   * Bucket names of S3 (legacy ones included), GCS and S3-compatible stores: at most 255 letters,
   * digits, '.', '-' and '_'. Anything else (a '/', a control character) cannot be a bucket.
   */
  static boolean isBucketName(String bucket) {
    if (bucket.length() > 255) {
      return false;
    }
    for (int i = 0; i < bucket.length(); i++) {
      char c = bucket.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String unquote(String version) {
    if (version == null) {
      return null;
    }
    String v = version;
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    return v.isEmpty() ? null : v;
  }
}
