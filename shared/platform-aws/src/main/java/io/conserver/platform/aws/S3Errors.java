package io.conserver.platform.aws;

import io.conserver.platform.storage.StorageException;

/**
 * Reads S3 errors by HTTP status and error code, which S3-compatible stores share with AWS (HEAD
 * answers have no error body, so the status alone decides there).
 */
final class S3Errors {
  private S3Errors() {}

  /**
   * The object is missing. A missing bucket is an error, not an absent object, where the store says
   * so; HEAD responses have no body to say it, so HEAD on a missing bucket reads as "absent".
   */
  static boolean isNotFound(S3Failure e) {
    return e.status() == 404 && !"NoSuchBucket".equals(e.code());
  }

  /** 412 PreconditionFailed: the If-None-Match condition failed, the key exists. */
  static boolean isPreconditionFailed(S3Failure e) {
    return e.status() == 412;
  }

  /**
   * 409 ConditionalRequestConflict: AWS could not settle the condition because a concurrent write
   * or delete of the key was in progress; the outcome is unknown and the caller must look.
   */
  static boolean isConditionalConflict(S3Failure e) {
    return e.status() == 409;
  }

  /**
   * A StorageException naming the operation, key and bucket, with the store's status, error code
   * and request id for support. Failure messages carry no credentials.
   */
  static StorageException wrap(String action, String key, String bucket, S3Failure e) {
    return new StorageException(action + " " + key + " in bucket " + bucket + ": " + e.detail(), e);
  }
}
