package io.conserver.platform.storage;

/** The object key breaks the rules of {@link BlobKeys}; nothing was read or written. */
public final class InvalidKeyException extends StorageException {
  private static final long serialVersionUID = 1L;

  public InvalidKeyException(String message) {
    super(message);
  }
}
