package io.conserver.platform.gcp;

import com.google.cloud.BaseServiceException;
import io.conserver.platform.storage.StorageException;

/**
 * Turns the client's exceptions into the port's. The client reports HTTP failures as {@link
 * BaseServiceException} with the status code, but channels (reads, resumable writes) wrap them in
 * {@link java.io.IOException}s, so the code is looked for along the cause chain.
 */
final class GcsErrors {
  static final int NOT_FOUND = 404;
  static final int PRECONDITION_FAILED = 412;

  private GcsErrors() {}

  /** The HTTP status the service answered, or 0 when the failure was not an HTTP answer. */
  static int status(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BaseServiceException service) {
        return service.getCode();
      }
    }
    return 0;
  }

  /** A port exception naming the object; the cause keeps the service's answer for diagnosis. */
  static StorageException failure(String action, String bucket, String key, Throwable cause) {
    int status = status(cause);
    String suffix = status > 0 ? " (HTTP " + status + ")" : "";
    return new StorageException(action + " gs://" + bucket + "/" + key + suffix, cause);
  }
}
