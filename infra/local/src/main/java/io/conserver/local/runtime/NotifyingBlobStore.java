package io.conserver.local.runtime;

import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The local bucket with the cloud's trigger behaviour: every successful write emits the same {@link
 * ObjectCreated} a cloud notification decodes to, so stages chain locally exactly as they do in the
 * cloud (through the object write, not through code).
 */
final class NotifyingBlobStore implements BlobStore {
  private final BlobStore delegate;
  private final String tenant;
  private final Consumer<ObjectCreated> listener;

  NotifyingBlobStore(BlobStore delegate, String tenant, Consumer<ObjectCreated> listener) {
    this.delegate = delegate;
    this.tenant = tenant;
    this.listener = listener;
  }

  @Override
  public String bucket() {
    return delegate.bucket();
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
    return notify(delegate.put(key, content, length, options));
  }

  @Override
  public Optional<BlobMetadata> putIfAbsent(
      String key, InputStream content, long length, PutOptions options) {
    return delegate.putIfAbsent(key, content, length, options).map(this::notify);
  }

  @Override
  public List<BlobMetadata> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public boolean delete(String key) {
    return delegate.delete(key);
  }

  private BlobMetadata notify(BlobMetadata written) {
    listener.accept(
        new ObjectCreated(
            tenant, delegate.bucket(), written.key(), written.size(), written.version()));
    return written;
  }
}
