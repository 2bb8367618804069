package io.conserver.functions.cloudexport;

import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.BlobStoreProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens the destination bucket with the store adapter the package carries for its scheme (the same
 * {@link BlobStoreProvider}s the deployment's own store comes from), once per destination and
 * process: a client holds connections and, for S3, a TLS context.
 */
final class DestinationStores {
  private static final ClassLoader PACKAGE = DestinationStores.class.getClassLoader();

  private final SecretRefs secrets;
  private final Map<CloudExportOptions, BlobStore> open = new ConcurrentHashMap<>();

  DestinationStores(SecretRefs secrets) {
    this.secrets = secrets;
  }

  BlobStore open(CloudExportOptions options) throws StageMisconfiguredException {
    BlobStore store = open.get(options);
    if (store == null) {
      store = create(options);
      BlobStore raced = open.putIfAbsent(options, store);
      store = raced == null ? store : raced;
    }
    return store;
  }

  private BlobStore create(CloudExportOptions options) throws StageMisconfiguredException {
    BlobStoreProvider provider = null;
    for (BlobStoreProvider candidate : ServiceLoader.load(BlobStoreProvider.class, PACKAGE)) {
      if (candidate.scheme().equals(options.store())) {
        provider = candidate;
      }
    }
    if (provider == null) {
      throw new StageMisconfiguredException(
          "export-to-cloud: store \"" + options.store() + "\" is not in this package");
    }
    Map<String, String> settings = new HashMap<>(options.storeSettings());
    for (Map.Entry<String, String> credential : options.credentialRefs().entrySet()) {
      try {
        settings.put(
            credential.getKey(), secrets.resolve(credential.getKey(), credential.getValue()));
      } catch (SecretReferenceException e) {
        throw new StageMisconfiguredException("export-to-cloud: " + e.getMessage());
      }
    }
    try {
      return provider.open(options.bucket(), name -> Optional.ofNullable(settings.get(name)));
    } catch (IllegalArgumentException e) {
      throw new StageMisconfiguredException(
          "export-to-cloud: the destination's settings are refused: " + e.getMessage());
    }
  }
}
