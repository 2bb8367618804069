package io.conserver.platform.aws;

/**
 * An S3 or STS request that failed: the service's answer (HTTP status, error code, request id) or,
 * with status -1, the network. It is the cause of the StorageException the S3 store throws. The
 * message never carries credentials: it is built from the store's error code and message and the
 * JDK's I/O message only.
 */
public final class S3Failure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String requestId;

  /** What the operator should change, when the answer says it (a bucket in another region). */
  private final String hint;

  S3Failure(int status, String code, String message, String requestId) {
    this(status, code, message, requestId, null);
  }

  S3Failure(int status, String code, String message, String requestId, String hint) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.hint = hint;
  }

  S3Failure(String message, Throwable cause) {
    super(message, cause);
    this.status = -1;
    this.code = null;
    this.requestId = null;
    this.hint = null;
  }

  /** The HTTP status, or -1 when no answer came. */
  public int status() {
    return status;
  }

  /** S3's error code ({@code NoSuchKey}, {@code SlowDown}, ...), or null (HEAD has no body). */
  public String code() {
    return code;
  }

  /** What support needs: status, code and request id, or the network error. */
  public String detail() {
    if (status < 0) {
      return getMessage();
    }
    return "HTTP "
        + status
        + (code == null ? "" : " " + code)
        + (requestId == null ? "" : " (request id " + requestId + ")")
        + (hint == null ? "" : ": " + hint);
  }
}
