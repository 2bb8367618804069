package io.conserver.platform.outside;

/**
 * A stage would send conversation data to a third-party service without the opt-in its declaration
 * needs. A configuration error: the message says which setting to add; it never names personal
 * data.
 */
public final class ThirdPartyNotAllowedException extends Exception {
  private static final long serialVersionUID = 1L;

  public ThirdPartyNotAllowedException(String message) {
    super(message);
  }
}
