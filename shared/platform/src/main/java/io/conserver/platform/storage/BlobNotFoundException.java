package io.conserver.platform.storage;

/** The object does not exist (it may have been deleted after its event was sent). */
public final class BlobNotFoundException extends StorageException {
  private static final long serialVersionUID = 1L;

  public BlobNotFoundException(String key) {
    super("no object at key " + key);
  }
}
