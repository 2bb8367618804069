package io.conserver.platform.storage;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A store that passes every call to another: subclasses override only the calls they change (add a
 * notification to writes, make deletes fail in a test).
 */
public abstract class ForwardingBlobStore implements BlobStore {
  private final BlobStore delegate;

  protected ForwardingBlobStore(BlobStore delegate) {
    this.delegate = delegate;
  }

  protected final BlobStore delegate() {
    return delegate;
  }

  @Override
  public String bucket() {
    return delegate.bucket();
  }

  @Override
  public Optional<URI> locationOf(String key) {
    return delegate.locationOf(key);
  }

  @Override
  public Optional<BlobMetadata> head(String key) {
    return delegate.head(key);
  }

  @Override
  public InputStream get(String key) {
    return delegate.get(key);
  }

  @Override
  public BlobMetadata put(String key, InputStream content, long length, PutOptions options) {
    return delegate.put(key, content, length, options);
  }

  @Override
  public Optional<BlobMetadata> putIfAbsent(
      String key, InputStream content, long length, PutOptions options) {
    return delegate.putIfAbsent(key, content, length, options);
  }

  @Override
  public List<BlobMetadata> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public boolean delete(String key) {
    return delegate.delete(key);
  }
}
