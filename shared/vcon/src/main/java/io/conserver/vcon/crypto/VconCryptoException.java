package io.conserver.vcon.crypto;

import io.conserver.vcon.VconException;

/**
 * A key, certificate or JOSE document could not be used: unreadable or malformed file, a JWS or JWE
 * that is not in General JSON form, a key that does not fit. The message is meant for a person,
 * names the file or member concerned and never contains key material.
 */
public class VconCryptoException extends VconException {
  private static final long serialVersionUID = 1L;

  public VconCryptoException(String message) {
    super(message);
  }

  public VconCryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
