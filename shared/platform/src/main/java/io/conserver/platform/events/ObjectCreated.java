package io.conserver.platform.events;

/**
 * One object that was created in a tenant's bucket, as a trigger reports it.
 *
 * @param tenant the tenant whose function received the event (given to the decoder, never read from
 *     the event)
 * @param bucket the bucket name as the event names it
 * @param key the object key, decoded (S3 and MinIO notifications carry it URL-encoded; it is
 *     decoded here) and valid by {@link io.conserver.platform.storage.BlobKeys}
 * @param size the size in bytes, or {@link #UNKNOWN_SIZE} when the event does not say
 * @param version what identifies this content of the object, or null when the event does not say:
 *     the S3 ETag without quotes, the GCS generation, the local store's version
 */
public record ObjectCreated(String tenant, String bucket, String key, long size, String version) {
  /**
   * The size of an object whose event does not carry one (a direct invoke without size, a GCS
   * Pub/Sub notification without payload).
   */
  public static final long UNKNOWN_SIZE = -1;

  public ObjectCreated {
    java.util.Objects.requireNonNull(tenant, "tenant");
    java.util.Objects.requireNonNull(bucket, "bucket");
    java.util.Objects.requireNonNull(key, "key");
    if (size < UNKNOWN_SIZE) {
      throw new IllegalArgumentException("size must be >= 0 or UNKNOWN_SIZE");
    }
  }
}
