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

  /**
   * A setting's value: literal, or a reference ({@code env:NAME}, {@code config:key}) for what
   * differs per deployment (the bucket's name, its region), so one declaration serves every tenant.
   */
  private String valueOf(String setting, String value) throws StageMisconfiguredException {
    return value.startsWith("env:") || value.startsWith("config:")
        ? resolve(setting, value)
        : value;
  }

  private String resolve(String setting, String reference) throws StageMisconfiguredException {
    try {
      return secrets.resolve(setting, reference);
    } catch (SecretReferenceException e) {
      throw new StageMisconfiguredException("export-to-cloud: " + e.getMessage());
    }
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
    Map<String, String> settings = new HashMap<>();
    for (Map.Entry<String, String> setting : options.storeSettings().entrySet()) {
      settings.put(setting.getKey(), valueOf(setting.getKey(), setting.getValue()));
    }
    for (Map.Entry<String, String> credential : options.credentialRefs().entrySet()) {
      settings.put(credential.getKey(), resolve(credential.getKey(), credential.getValue()));
    }
    String bucket = valueOf("bucket", options.bucket());
    try {
      return provider.open(bucket, name -> Optional.ofNullable(settings.get(name)));
    } catch (IllegalArgumentException e) {
      throw new StageMisconfiguredException(
          "export-to-cloud: the destination's settings are refused: " + e.getMessage());
    }
  }
}
