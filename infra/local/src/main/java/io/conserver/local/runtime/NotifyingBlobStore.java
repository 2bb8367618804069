package io.conserver.local.runtime;

import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.ForwardingBlobStore;
import io.conserver.platform.storage.PutOptions;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The local bucket with the cloud's trigger behaviour: every successful write emits the same {@link
 * ObjectCreated} a cloud notification decodes to, so stages chain locally exactly as they do in the
 * cloud (through the object write, not through code).
 */
final class NotifyingBlobStore extends ForwardingBlobStore {
  private final String tenant;
  private final Consumer<ObjectCreated> listener;

  NotifyingBlobStore(BlobStore delegate, String tenant, Consumer<ObjectCreated> listener) {
    super(delegate);
    this.tenant = tenant;
    this.listener = listener;
  }

  @Override
  public BlobMetadata put(String key, InputStream content, long length, PutOptions options) {
    return notify(super.put(key, content, length, options));
  }

  @Override
  public Optional<BlobMetadata> putIfAbsent(
      String key, InputStream content, long length, PutOptions options) {
    return super.putIfAbsent(key, content, length, options).map(this::notify);
  }

  private BlobMetadata notify(BlobMetadata written) {
    listener.accept(
        new ObjectCreated(tenant, bucket(), written.key(), written.size(), written.version()));
    return written;
  }
}
