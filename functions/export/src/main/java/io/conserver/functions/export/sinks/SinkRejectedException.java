package io.conserver.functions.export.sinks;

/**
 * The target refused this vCon for good (a 4xx answer, a row the database rejects, a declaration
 * that cannot work): the export stage quarantines the vCon at once instead of retrying.
 */
public final class SinkRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  public SinkRejectedException(String message) {
    super(message);
  }

  public SinkRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
