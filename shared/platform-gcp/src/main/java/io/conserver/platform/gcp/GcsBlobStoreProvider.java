package io.conserver.platform.gcp;

import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.BlobStoreProvider;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code gcs} store for function deployments: settings {@code conserver.gcs.project}, {@code
 * conserver.gcs.host} (a private endpoint), {@code conserver.gcs.chunk-mb} (environment {@code
 * CONSERVER_GCS_*}); credentials from Application Default Credentials (the function's service
 * account), or from {@value #SERVICE_ACCOUNT_KEY} when given.
 */
public final class GcsBlobStoreProvider implements BlobStoreProvider {
  /**
   * A service-account key (the JSON the IAM console downloads) to use instead of Application
   * Default Credentials: for a bucket written from outside Google Cloud, e.g. an export-to-cloud
   * stage on premises, which passes it by reference ({@code credentials}).
   */
  public static final String SERVICE_ACCOUNT_KEY = "conserver.gcs.service-account-key";

  @Override
  public String scheme() {
    return "gcs";
  }

  @Override
  public BlobStore open(String bucket, Function<String, Optional<String>> settings) {
    GcsSettings gcs = GcsSettings.forBucket(bucket);
    gcs = settings.apply("conserver.gcs.project").map(gcs::withProjectId).orElse(gcs);
    gcs = settings.apply("conserver.gcs.host").map(gcs::withHost).orElse(gcs);
    Optional<String> chunkMb = settings.apply("conserver.gcs.chunk-mb");
    if (chunkMb.isPresent()) {
      gcs = gcs.withChunkSize(Integer.parseInt(chunkMb.get().strip()) * 1024 * 1024);
    }
    Optional<String> key = settings.apply(SERVICE_ACCOUNT_KEY);
    return key.isPresent()
        ? GcsBlobStore.open(gcs, GcsStorageFactory.serviceAccount(key.get()))
        : GcsBlobStore.open(gcs);
  }
}
