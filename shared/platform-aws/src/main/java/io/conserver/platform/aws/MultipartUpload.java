package io.conserver.platform.aws;

import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One multipart upload of a stream, one part in memory at a time. Any failure (the stream, a part,
 * the completion, a failed If-None-Match) aborts the upload: an unfinished upload is invisible to
 * readers but keeps its parts, and their cost, until aborted.
 *
 * <p>With checksums on, the CRC32 algorithm is declared when the upload is created and each part's
 * checksum is listed at completion, as S3 requires once an algorithm is declared; leaving it to the
 * SDK's defaults mixes "no algorithm" uploads with checksummed parts, which stores reject.
 */
final class MultipartUpload {
  /** S3's limit; with 8 MiB parts that is about 78 GiB per object. */
  static final int MAX_PARTS = 10_000;

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final boolean checksums;

  record Completed(long size, CompleteMultipartUploadResponse response) {}

  MultipartUpload(S3Client s3, String bucket, String key, boolean checksums) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.checksums = checksums;
  }

  /**
   * Uploads {@code first} (already filled) and the rest of {@code rest}.
   *
   * @param expected the declared length, or -1
   * @param ifAbsent complete with If-None-Match: * (a 412 then surfaces as the SDK's exception,
   *     after the abort)
   */
  Completed upload(
      PartBuffer first, InputStream rest, long expected, PutOptions options, boolean ifAbsent) {
    CreateMultipartUploadRequest.Builder create =
        CreateMultipartUploadRequest.builder()
            .bucket(bucket)
            .key(key)
            .contentType(options.contentType())
            .metadata(options.userMetadata());
    if (checksums) {
      create.checksumAlgorithm(ChecksumAlgorithm.CRC32);
    }
    String uploadId = s3.createMultipartUpload(create.build()).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      long total = 0;
      PartBuffer buffer = first;
      do {
        if (parts.size() == MAX_PARTS) {
          throw new StorageException(key + " needs more than " + MAX_PARTS + " parts");
        }
        total += buffer.size();
        if (expected >= 0 && total > expected) {
          throw new StorageException(
              "stream for " + key + " is longer than the declared " + expected + " bytes");
        }
        parts.add(uploadPart(uploadId, parts.size() + 1, buffer, options));
      } while (buffer.fill(rest) > 0);
      if (expected >= 0 && total != expected) {
        throw new StorageException(
            "stream for " + key + " ended after " + total + " of " + expected + " bytes");
      }
      CompleteMultipartUploadRequest.Builder complete =
          CompleteMultipartUploadRequest.builder()
              .bucket(bucket)
              .key(key)
              .uploadId(uploadId)
              .multipartUpload(m -> m.parts(parts));
      if (ifAbsent) {
        complete.ifNoneMatch("*");
      }
      return new Completed(total, s3.completeMultipartUpload(complete.build()));
    } catch (IOException e) {
      abort(uploadId, e);
      throw new StorageException("cannot read the stream for " + key, e);
    } catch (RuntimeException | Error e) {
      abort(uploadId, e);
      throw e;
    }
  }

  private CompletedPart uploadPart(
      String uploadId, int number, PartBuffer buffer, PutOptions options) {
    UploadPartRequest.Builder request =
        UploadPartRequest.builder()
            .bucket(bucket)
            .key(key)
            .uploadId(uploadId)
            .partNumber(number)
            .contentLength((long) buffer.size());
    if (checksums) {
      request.checksumAlgorithm(ChecksumAlgorithm.CRC32);
    }
    UploadPartResponse response =
        s3.uploadPart(request.build(), buffer.body(options.contentType()));
    return CompletedPart.builder()
        .partNumber(number)
        .eTag(response.eTag())
        .checksumCRC32(checksums ? response.checksumCRC32() : null)
        .build();
  }

  private void abort(String uploadId, Throwable failure) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
    } catch (RuntimeException e) {
      // The original failure matters more; a lifecycle rule for incomplete uploads is the backstop.
      failure.addSuppressed(e);
    }
  }
}
