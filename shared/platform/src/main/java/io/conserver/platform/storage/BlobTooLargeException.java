package io.conserver.platform.storage;

/** The object is larger than the caller's limit; nothing beyond the limit was read. */
public final class BlobTooLargeException extends StorageException {
  private static final long serialVersionUID = 1L;

  public BlobTooLargeException(String key, long maxBytes) {
    super("object " + key + " is larger than the limit of " + maxBytes + " bytes");
  }
}
