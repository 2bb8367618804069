package io.conserver.platform.aws;

import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One multipart upload of a stream, one part in memory at a time. Any failure (the stream, a part,
 * the completion, a failed If-None-Match) aborts the upload: an unfinished upload is invisible to
 * readers but keeps its parts, and their cost, until aborted. Each part is in memory, so it is
 * signed with its SHA-256 (S3 checks it) and retried on its own.
 */
final class MultipartUpload {
  /** S3's limit; with 8 MiB parts that is about 78 GiB per object. */
  static final int MAX_PARTS = 10_000;

  private final S3Connection s3;
  private final String bucket;
  private final String key;

  /** The completed object: its size and the completion's ETag and response headers. */
  record Completed(long size, String eTag, SignedHttp.Response response) {}

  MultipartUpload(S3Connection s3, String bucket, String key) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
  }

  /**
   * Uploads {@code first} (already filled) and the rest of {@code rest}.
   *
   * @param expected the declared length, or -1
   * @param ifAbsent complete with If-None-Match: * (a 412 then surfaces as an {@link S3Failure},
   *     after the abort)
   */
  Completed upload(
      PartBuffer first, InputStream rest, long expected, PutOptions options, boolean ifAbsent) {
    Map<String, String> create = S3BlobStore.objectHeaders(options);
    String uploadId;
    try (SignedHttp.Response created =
        s3.send(
            bucket,
            new S3Connection.Request(
                "CreateMultipartUpload",
                "POST",
                key,
                Map.of("uploads", ""),
                create,
                SignedHttp.Body.NONE))) {
      uploadId = AwsXml.leaves(created.readAll(64 * 1024), Set.of("UploadId")).get("UploadId");
    }
    if (uploadId == null || uploadId.isBlank()) {
      throw new S3Failure(200, "NoUploadId", "the store gave no upload id", null);
    }
    try {
      List<String> eTags = new ArrayList<>();
      long total = 0;
      PartBuffer buffer = first;
      do {
        if (eTags.size() == MAX_PARTS) {
          throw new StorageException(key + " needs more than " + MAX_PARTS + " parts");
        }
        total += buffer.size();
        if (expected >= 0 && total > expected) {
          throw new StorageException(
              "stream for " + key + " is longer than the declared " + expected + " bytes");
        }
        eTags.add(uploadPart(uploadId, eTags.size() + 1, buffer));
      } while (buffer.fill(rest) > 0);
      if (expected >= 0 && total != expected) {
        throw new StorageException(
            "stream for " + key + " ended after " + total + " of " + expected + " bytes");
      }
      return complete(uploadId, eTags, total, ifAbsent);
    } catch (IOException e) {
      abort(uploadId, e);
      throw new StorageException("cannot read the stream for " + key, e);
    } catch (RuntimeException | Error e) {
      abort(uploadId, e);
      throw e;
    }
  }

  private String uploadPart(String uploadId, int number, PartBuffer buffer) {
    try (SignedHttp.Response response =
        s3.send(
            bucket,
            new S3Connection.Request(
                "UploadPart",
                "PUT",
                key,
                Map.of("partNumber", Integer.toString(number), "uploadId", uploadId),
                Map.of(),
                buffer.body()))) {
      String eTag = response.header("ETag");
      if (eTag == null) {
        throw new S3Failure(response.status(), "NoETag", "part " + number + " has no ETag", null);
      }
      return eTag;
    }
  }

  private Completed complete(String uploadId, List<String> eTags, long total, boolean ifAbsent) {
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/xml");
    if (ifAbsent) {
      headers.put("if-none-match", "*");
    }
    byte[] xml = AwsXml.completion(eTags);
    SignedHttp.Response response =
        s3.send(
            bucket,
            new S3Connection.Request(
                "CompleteMultipartUpload",
                "POST",
                key,
                Map.of("uploadId", uploadId),
                headers,
                SignedHttp.Body.bytes(xml, xml.length)));
    // S3 may answer 200 and still fail the completion: the body then is an Error document, the
    // only answer here with a Code.
    Map<String, String> result =
        AwsXml.leaves(response.readAll(64 * 1024), Set.of("Code", "Message", "RequestId", "ETag"));
    if (result.containsKey("Code")) {
      throw new S3Failure(
          "InternalError".equals(result.get("Code")) ? 500 : 400,
          result.get("Code"),
          result.get("Message"),
          result.get("RequestId"));
    }
    String eTag = result.getOrDefault("ETag", response.header("ETag"));
    return new Completed(total, eTag, response);
  }

  private void abort(String uploadId, Throwable failure) {
    try {
      s3.send(
              bucket,
              new S3Connection.Request(
                  "AbortMultipartUpload",
                  "DELETE",
                  key,
                  Map.of("uploadId", uploadId),
                  Map.of(),
                  SignedHttp.Body.NONE))
          .close();
    } catch (RuntimeException e) {
      // The original failure matters more; a lifecycle rule for incomplete uploads is the backstop.
      failure.addSuppressed(e);
    }
  }
}
