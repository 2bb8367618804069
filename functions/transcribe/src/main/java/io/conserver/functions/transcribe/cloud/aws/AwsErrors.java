package io.conserver.functions.transcribe.cloud.aws;

import static io.conserver.functions.transcribe.engine.TranscriptionException.Kind.PERMANENT;
import static io.conserver.functions.transcribe.engine.TranscriptionException.Kind.TRANSIENT;

import io.conserver.functions.transcribe.engine.TranscriptionException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * AWS failures as the stage sees them. AWS JSON services answer 400 for throttling too, so the
 * error code decides, not only the status: throttling and limit codes, 5xx and client-side failures
 * (timeouts, lost connections) are transient; everything else (a bad request, a rejected or unknown
 * credential, missing permissions, a missing object) is permanent.
 */
final class AwsErrors {
  private static final Set<String> TRANSIENT_CODES =
      Set.of(
          "LimitExceededException",
          "ThrottlingException",
          "Throttling",
          "TooManyRequestsException",
          "RequestLimitExceeded",
          "InternalFailureException",
          "InternalFailure",
          "ServiceUnavailable",
          "SlowDown",
          "RequestTimeout");

  private AwsErrors() {}

  static TranscriptionException map(String what, SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code =
          service.awsErrorDetails() == null
              ? ""
              : String.valueOf(service.awsErrorDetails().errorCode());
      String message =
          service.awsErrorDetails() == null
              ? ""
              : String.valueOf(service.awsErrorDetails().errorMessage());
      String text =
          "aws-transcribe could not "
              + what
              + " ("
              + service.statusCode()
              + " "
              + code
              + "): "
              + message;
      boolean transientFailure =
          service.statusCode() >= 500
              || service.isThrottlingException()
              || TRANSIENT_CODES.contains(code);
      return new TranscriptionException(transientFailure ? TRANSIENT : PERMANENT, text, e);
    }
    return new TranscriptionException(
        TRANSIENT,
        "aws-transcribe could not " + what + ": " + e.getClass().getSimpleName() + "; will retry",
        e);
  }
}
