package io.conserver.platform.secrets;

/**
 * A credential reference is malformed or names nothing: a configuration error that retrying will
 * not fix. The message names the setting and the reference, never a secret value.
 */
public final class SecretReferenceException extends Exception {
  private static final long serialVersionUID = 1L;

  public SecretReferenceException(String message) {
    super(message);
  }
}
