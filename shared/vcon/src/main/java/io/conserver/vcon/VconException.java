package io.conserver.vcon;

/** Base class of every error the vCon core reports for bad input; never carries personal data. */
public class VconException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public VconException(String message) {
    super(message);
  }

  public VconException(String message, Throwable cause) {
    super(message, cause);
  }
}
