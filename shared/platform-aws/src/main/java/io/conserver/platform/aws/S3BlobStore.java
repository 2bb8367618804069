package io.conserver.platform.aws;

import io.conserver.platform.storage.BlobKeys;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobNotFoundException;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One tenant's bucket on AWS S3 or an S3-compatible store (MinIO, Ceph RGW, s3proxy), over {@link
 * S3Connection} (the S3 REST API, SigV4, the JDK's HTTP client; no AWS SDK).
 *
 * <ul>
 *   <li><b>Writes.</b> A known length up to 1 MiB is read into memory and sent as one signed,
 *       retryable PutObject; a larger known length (up to 5 GiB) is one streamed PutObject. An
 *       unknown length is read into a part buffer: if the stream ends within the first part it is
 *       one PutObject of those bytes, otherwise a multipart upload, one part in memory at a time,
 *       aborted on any failure. Readers never see a partial object.
 *   <li><b>Create-if-absent.</b> {@code If-None-Match: *} on the PutObject or on the
 *       CompleteMultipartUpload: the store decides atomically. Needs a store with conditional
 *       writes (AWS since 2024-08, current MinIO and Ceph RGW); a store that ignores the header
 *       would silently overwrite. Before streaming a large body the adapter looks first, so a
 *       refusal does not cost the upload; the store's condition still decides a race.
 *   <li><b>Version</b> is the ETag as S3 sends it (quotes included): it changes when the content
 *       changes, but rewriting identical bytes with a single PutObject gives the same ETag.
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

  /** Known-length bodies up to this size are sent from memory: signed, and retried in place. */
  static final int IN_MEMORY_PUT = 1024 * 1024;

  private static final String META = "x-amz-meta-";

  private final S3Connection s3;
  private final String bucket;
  private final int partSize;
  private final long maxSinglePut;

  /**
   * A bucket read and written with the given credentials (another account's assumed role, say);
   * deployments get their store from {@link S3BlobStoreProvider}.
   */
  public static S3BlobStore open(
      S3Settings settings, java.util.function.Supplier<AwsCredentials> credentials, String bucket) {
    return new S3BlobStore(new S3Connection(settings, credentials), bucket, settings);
  }

  S3BlobStore(S3Connection s3, String bucket, S3Settings settings) {
    this(s3, bucket, settings, MAX_SINGLE_PUT);
  }

  /** For tests: a lower single-put limit exercises the known-length multipart path cheaply. */
  S3BlobStore(S3Connection s3, String bucket, S3Settings settings, long maxSinglePut) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.partSize = settings.partSize();
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
  public void warmUp() {
    s3.warmUp();
  }

  @Override
  public Optional<BlobMetadata> head(String key) {
    BlobKeys.require(key);
    try (SignedHttp.Response r = s3.send(bucket, request("HeadObject", "HEAD", key))) {
      return Optional.of(
          new BlobMetadata(
              key,
              Long.parseLong(r.header("Content-Length")),
              r.header("Content-Type"),
              r.header("ETag"),
              httpDate(r.header("Last-Modified")).orElseThrow(),
              userMetadata(r.headers())));
    } catch (S3Failure e) {
      if (S3Errors.isNotFound(e)) {
        return Optional.empty();
      }
      throw S3Errors.wrap("cannot read metadata of", key, bucket, e);
    } catch (RuntimeException e) {
      throw new StorageException("cannot read metadata of " + key + ": unreadable answer", e);
    }
  }

  @Override
  public InputStream get(String key) {
    BlobKeys.require(key);
    try {
      return s3.send(bucket, request("GetObject", "GET", key)).body();
    } catch (S3Failure e) {
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
    List<BlobMetadata> listed = new ArrayList<>();
    String token = null;
    try {
      do {
        Map<String, String> query = new HashMap<>();
        query.put("list-type", "2");
        query.put("prefix", prefix);
        if (token != null) {
          query.put("continuation-token", token);
        }
        AwsXml.ListPage page;
        try (SignedHttp.Response r =
            s3.send(
                bucket,
                new S3Connection.Request(
                    "ListObjectsV2", "GET", null, query, Map.of(), SignedHttp.Body.NONE))) {
          page = AwsXml.listPage(r.readAll(Integer.MAX_VALUE - 8));
        }
        for (AwsXml.Listed o : page.objects()) {
          if (BlobKeys.isValid(o.key())) { // unreachable through the port anyway
            listed.add(
                new BlobMetadata(o.key(), o.size(), null, o.eTag(), o.lastModified(), Map.of()));
          }
        }
        token = page.nextToken();
      } while (token != null);
    } catch (S3Failure e) {
      throw S3Errors.wrap("cannot list", prefix, bucket, e);
    }
    // S3 returns keys in UTF-8 binary order already; kept as the store gave them.
    return listed;
  }

  @Override
  public boolean delete(String key) {
    if (head(key).isEmpty()) {
      return false;
    }
    try {
      s3.send(bucket, request("DeleteObject", "DELETE", key)).close();
      return true;
    } catch (S3Failure e) {
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
    if (length >= 0 && length <= Math.min(IN_MEMORY_PUT, maxSinglePut)) {
      byte[] bytes = readExactly(content, (int) length, key);
      return singlePut(key, SignedHttp.Body.bytes(bytes, bytes.length), options, ifAbsent);
    }
    if (length >= 0 && length <= maxSinglePut) {
      if (ifAbsent && head(key).isPresent()) {
        return Optional.empty();
      }
      SignedHttp.Body body =
          SignedHttp.Body.stream(new ExactLengthInputStream(content, length, key), length);
      return singlePut(key, body, options, ifAbsent);
    }
    PartBuffer buffer = new PartBuffer(partSize);
    try {
      buffer.fill(content);
    } catch (IOException e) {
      throw new StorageException("cannot read the stream for " + key, e);
    }
    if (!buffer.isFull() && length < 0) {
      return singlePut(key, buffer.body(), options, ifAbsent);
    }
    // Uploading many parts only to be refused at completion would waste them: look first. The
    // conditional completion still decides if another writer gets in between.
    if (ifAbsent && head(key).isPresent()) {
      return Optional.empty();
    }
    try {
      MultipartUpload.Completed done =
          new MultipartUpload(s3, bucket, key).upload(buffer, content, length, options, ifAbsent);
      return Optional.of(
          written(key, done.size(), options, done.eTag(), done.response().header("Date")));
    } catch (S3Failure e) {
      return conditionLost(key, ifAbsent, e);
    }
  }

  private Optional<BlobMetadata> singlePut(
      String key, SignedHttp.Body body, PutOptions options, boolean ifAbsent) {
    Map<String, String> headers = objectHeaders(options);
    if (ifAbsent) {
      headers.put("if-none-match", "*");
    }
    try (SignedHttp.Response r =
        s3.send(
            bucket, new S3Connection.Request("PutObject", "PUT", key, Map.of(), headers, body))) {
      return Optional.of(written(key, body.length(), options, r.header("ETag"), r.header("Date")));
    } catch (S3Failure e) {
      return conditionLost(key, ifAbsent, e);
    } catch (SignedHttp.SourceFailure e) {
      // The caller's stream failed (or broke its declared length) while it was being sent.
      throw new StorageException("cannot write " + key + ": " + e.getMessage(), e);
    }
  }

  /** Empty when a conditional write lost to an existing object; otherwise the wrapped error. */
  private Optional<BlobMetadata> conditionLost(String key, boolean ifAbsent, S3Failure e) {
    if (ifAbsent && S3Errors.isPreconditionFailed(e)) {
      return Optional.empty();
    }
    // 409 means a concurrent write or delete kept S3 from deciding: "exists" only if it does.
    if (ifAbsent && S3Errors.isConditionalConflict(e) && head(key).isPresent()) {
      return Optional.empty();
    }
    throw S3Errors.wrap("cannot write", key, bucket, e);
  }

  /** The headers that describe a new object: its content type and user metadata. */
  static Map<String, String> objectHeaders(PutOptions options) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (options.contentType() != null) {
      headers.put("content-type", options.contentType());
    }
    options.userMetadata().forEach((name, value) -> headers.put(META + name, value));
    return headers;
  }

  private static S3Connection.Request request(String operation, String method, String key) {
    return new S3Connection.Request(
        operation, method, key, Map.of(), Map.of(), SignedHttp.Body.NONE);
  }

  private static byte[] readExactly(InputStream content, int length, String key) {
    try {
      byte[] bytes = content.readNBytes(length);
      if (bytes.length < length) {
        throw new StorageException(
            "stream for " + key + " ended after " + bytes.length + " of " + length + " bytes");
      }
      if (content.read() >= 0) {
        throw new StorageException(
            "stream for " + key + " is longer than the declared " + length + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new StorageException("cannot read the stream for " + key, e);
    }
  }

  private static Map<String, String> userMetadata(Map<String, String> headers) {
    Map<String, String> metadata = new HashMap<>();
    headers.forEach(
        (name, value) -> {
          if (name.startsWith(META)) {
            metadata.put(name.substring(META.length()).toLowerCase(Locale.ROOT), value);
          }
        });
    return metadata;
  }

  private BlobMetadata written(
      String key, long size, PutOptions options, String eTag, String date) {
    // The store's clock at the write is what Last-Modified will say to the second; the local
    // clock only if the header is missing.
    return new BlobMetadata(
        key,
        size,
        options.contentType(),
        eTag,
        httpDate(date).orElseGet(Instant::now),
        options.userMetadata());
  }

  private static Optional<Instant> httpDate(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
