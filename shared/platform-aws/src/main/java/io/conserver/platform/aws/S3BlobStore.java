package io.conserver.platform.aws;

import io.conserver.platform.storage.BlobKeys;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobNotFoundException;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.storage.StorageException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One tenant's bucket on AWS S3 or an S3-compatible store (MinIO, Ceph RGW, s3proxy).
 *
 * <ul>
 *   <li><b>Writes.</b> A known length (up to 5 GiB) is one streaming PutObject. An unknown length
 *       is read into a part buffer: if the stream ends within the first part it is one PutObject of
 *       those bytes, otherwise a multipart upload, one part in memory at a time, aborted on any
 *       failure. Readers never see a partial object.
 *   <li><b>Create-if-absent.</b> {@code If-None-Match: *} on the PutObject or on the
 *       CompleteMultipartUpload: the store decides atomically. Needs a store with conditional
 *       writes (AWS since 2024-08, current MinIO and Ceph RGW); a store that ignores the header
 *       would silently overwrite.
 *   <li><b>Version</b> is the ETag: it changes when the content changes, but rewriting identical
 *       bytes with a single PutObject gives the same ETag.
 *   <li><b>List</b> carries no content type or user metadata ({@code contentType} is null, the map
 *       empty): S3 listings do not return them and a HEAD per object would multiply the cost of
 *       every scan. Call {@link #head} where they matter.
 *   <li><b>Delete</b> asks HEAD first, because S3's DELETE answers 204 whether or not the object
 *       existed; a concurrent delete between the two can make both callers see {@code true}.
 *   <li><b>Permissions.</b> Without {@code s3:ListBucket}, S3 answers 403 instead of 404 for a
 *       missing key, which surfaces here as a StorageException rather than "absent": grant it.
 * </ul>
 */
public final class S3BlobStore implements BlobStore {
  /** PutObject's own limit; a larger known length goes through multipart. */
  static final long MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;

  private final S3Client s3;
  private final String bucket;
  private final int partSize;
  private final boolean checksums;
  private final long maxSinglePut;

  /** A store with the default settings (8 MiB parts, CRC32 checksums). */
  public S3BlobStore(S3Client s3, String bucket) {
    this(s3, bucket, S3Settings.aws(null));
  }

  /** A store using the part size and checksum choice of {@code settings}. */
  public S3BlobStore(S3Client s3, String bucket, S3Settings settings) {
    this(s3, bucket, settings, MAX_SINGLE_PUT);
  }

  /** For tests: a lower single-put limit exercises the known-length multipart path cheaply. */
  S3BlobStore(S3Client s3, String bucket, S3Settings settings, long maxSinglePut) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.partSize = settings.partSize();
    this.checksums = settings.checksums();
    this.maxSinglePut = maxSinglePut;
  }

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public Optional<java.net.URI> locationOf(String key) {
    return Optional.of(java.net.URI.create("s3://" + bucket() + "/" + BlobKeys.require(key)));
  }

  @Override
  public Optional<BlobMetadata> head(String key) {
    BlobKeys.require(key);
    try {
      HeadObjectResponse r = s3.headObject(b -> b.bucket(bucket).key(key));
      return Optional.of(
          new BlobMetadata(
              key, r.contentLength(), r.contentType(), r.eTag(), r.lastModified(), r.metadata()));
    } catch (SdkException e) {
      if (S3Errors.isNotFound(e)) {
        return Optional.empty();
      }
      throw S3Errors.wrap("cannot read metadata of", key, bucket, e);
    }
  }

  @Override
  public InputStream get(String key) {
    BlobKeys.require(key);
    try {
      return s3.getObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      if (S3Errors.isNotFound(e)) {
        throw new BlobNotFoundException(key);
      }
      throw S3Errors.wrap("cannot read", key, bucket, e);
    }
  }

  @Override
  public BlobMetadata put(String key, InputStream content, long length, PutOptions options) {
    return write(key, content, length, options, false)
        .orElseThrow(() -> new IllegalStateException("unconditional write reported no result"));
  }

  @Override
  public Optional<BlobMetadata> putIfAbsent(
      String key, InputStream content, long length, PutOptions options) {
    return write(key, content, length, options, true);
  }

  @Override
  public List<BlobMetadata> list(String prefix) {
    BlobKeys.requirePrefix(prefix);
    try {
      // The paginator follows continuation tokens; S3 returns keys in UTF-8 binary order.
      return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
          .filter(o -> BlobKeys.isValid(o.key())) // unreachable through the port anyway
          .map(this::listed)
          .toList();
    } catch (SdkException e) {
      throw S3Errors.wrap("cannot list", prefix, bucket, e);
    }
  }

  @Override
  public boolean delete(String key) {
    if (head(key).isEmpty()) {
      return false;
    }
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (SdkException e) {
      throw S3Errors.wrap("cannot delete", key, bucket, e);
    }
  }

  private Optional<BlobMetadata> write(
      String key, InputStream content, long length, PutOptions options, boolean ifAbsent) {
    BlobKeys.require(key);
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(options, "options");
    if (length < -1) {
      throw new IllegalArgumentException("length must be -1 (unknown) or at least 0");
    }
    if (length >= 0 && length <= maxSinglePut) {
      // The SDK replays a failed attempt from a mark (up to 128 KiB back); give it a markable
      // stream.
      InputStream markable =
          content.markSupported() ? content : new BufferedInputStream(content, 8192);
      RequestBody body =
          RequestBody.fromInputStream(new ExactLengthInputStream(markable, length, key), length);
      return singlePut(key, body, length, options, ifAbsent);
    }
    PartBuffer buffer = new PartBuffer(partSize);
    try {
      buffer.fill(content);
    } catch (IOException e) {
      throw new StorageException("cannot read the stream for " + key, e);
    }
    if (!buffer.isFull() && length < 0) {
      return singlePut(key, buffer.body(options.contentType()), buffer.size(), options, ifAbsent);
    }
    // Uploading many parts only to be refused at completion would waste them: look first. The
    // conditional completion still decides if another writer gets in between.
    if (ifAbsent && head(key).isPresent()) {
      return Optional.empty();
    }
    try {
      MultipartUpload.Completed done =
          new MultipartUpload(s3, bucket, key, checksums)
              .upload(buffer, content, length, options, ifAbsent);
      return Optional.of(
          written(key, done.size(), options, done.response().eTag(), done.response()));
    } catch (SdkException e) {
      return conditionLost(key, ifAbsent, e);
    }
  }

  private Optional<BlobMetadata> singlePut(
      String key, RequestBody body, long size, PutOptions options, boolean ifAbsent) {
    PutObjectRequest.Builder request =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(key)
            .contentType(options.contentType())
            .contentLength(size)
            .metadata(options.userMetadata());
    if (ifAbsent) {
      request.ifNoneMatch("*");
    }
    try {
      PutObjectResponse response = s3.putObject(request.build(), body);
      return Optional.of(written(key, size, options, response.eTag(), response));
    } catch (SdkException e) {
      return conditionLost(key, ifAbsent, e);
    } catch (UncheckedIOException e) {
      // The caller's stream failed (or broke its declared length) while the SDK read it to sign.
      throw new StorageException("cannot write " + key + ": " + e.getCause().getMessage(), e);
    }
  }

  /** Empty when a conditional write lost to an existing object; otherwise the wrapped error. */
  private Optional<BlobMetadata> conditionLost(String key, boolean ifAbsent, SdkException e) {
    if (ifAbsent && S3Errors.isPreconditionFailed(e)) {
      return Optional.empty();
    }
    // 409 means a concurrent write or delete kept S3 from deciding: "exists" only if it does.
    if (ifAbsent && S3Errors.isConditionalConflict(e) && head(key).isPresent()) {
      return Optional.empty();
    }
    throw S3Errors.wrap("cannot write", key, bucket, e);
  }

  private BlobMetadata written(
      String key, long size, PutOptions options, String eTag, SdkResponse response) {
    return new BlobMetadata(
        key, size, options.contentType(), eTag, serverTime(response), options.userMetadata());
  }

  private BlobMetadata listed(S3Object o) {
    return new BlobMetadata(o.key(), o.size(), null, o.eTag(), o.lastModified(), Map.of());
  }

  /**
   * The store's clock at the write (the response's Date header), which is what Last-Modified will
   * say to the second; the local clock only if the header is missing.
   */
  private static Instant serverTime(SdkResponse response) {
    return response
        .sdkHttpResponse()
        .firstMatchingHeader("Date")
        .flatMap(
            date -> {
              try {
                return Optional.of(
                    ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
              } catch (DateTimeParseException e) {
                return Optional.empty();
              }
            })
        .orElseGet(Instant::now);
  }
}
