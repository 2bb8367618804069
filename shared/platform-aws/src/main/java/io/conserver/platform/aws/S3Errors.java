package io.conserver.platform.aws;

import io.conserver.platform.storage.StorageException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads S3 errors by HTTP status and error code, which S3-compatible stores share with AWS, rather
 * than by the SDK's exception subclasses, which depend on the operation (HEAD has no error body).
 */
final class S3Errors {
  private S3Errors() {}

  /**
   * The object is missing. A missing bucket is an error, not an absent object, where the store says
   * so; HEAD responses have no body to say it, so HEAD on a missing bucket reads as "absent".
   */
  static boolean isNotFound(SdkException e) {
    if (e instanceof NoSuchKeyException) {
      return true;
    }
    return status(e) == 404 && !"NoSuchBucket".equals(errorCode(e));
  }

  /** 412 PreconditionFailed: the If-None-Match condition failed, the key exists. */
  static boolean isPreconditionFailed(SdkException e) {
    return status(e) == 412;
  }

  /**
   * 409 ConditionalRequestConflict: AWS could not settle the condition because a concurrent write
   * or delete of the key was in progress; the outcome is unknown and the caller must look.
   */
  static boolean isConditionalConflict(SdkException e) {
    return status(e) == 409;
  }

  /**
   * A StorageException naming the operation, key and bucket, with the store's status, error code
   * and request id for support. SDK messages and the cause carry no credentials.
   */
  static StorageException wrap(String action, String key, String bucket, SdkException e) {
    String detail;
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      detail =
          "HTTP "
              + service.statusCode()
              + " "
              + service.awsErrorDetails().errorCode()
              + " (request id "
              + service.requestId()
              + ")";
    } else {
      detail = e.getMessage();
    }
    return new StorageException(action + " " + key + " in bucket " + bucket + ": " + detail, e);
  }

  private static String errorCode(SdkException e) {
    return e instanceof AwsServiceException service && service.awsErrorDetails() != null
        ? service.awsErrorDetails().errorCode()
        : null;
  }

  private static int status(SdkException e) {
    return e instanceof AwsServiceException service ? service.statusCode() : -1;
  }
}
