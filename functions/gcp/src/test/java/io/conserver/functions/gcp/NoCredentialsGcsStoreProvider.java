package io.conserver.functions.gcp;

import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import io.conserver.platform.gcp.GcsBlobStore;
import io.conserver.platform.gcp.GcsSettings;
import io.conserver.platform.gcp.GcsStorageFactory;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.BlobStoreProvider;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code gcs} store exactly as {@code GcsBlobStoreProvider} opens it (same settings: {@code
 * conserver.gcs.project}, {@code conserver.gcs.host}; the real {@link GcsBlobStore} and
 * google-cloud-storage client over HTTP) except for credentials: none instead of Application
 * Default Credentials, which would go looking for a metadata server, and no client retries (the
 * tests inject 503s and want the stage, not the client, to handle them). Selected with {@code
 * conserver.store=gcs-no-credentials}; exists in the tests only.
 */
public final class NoCredentialsGcsStoreProvider implements BlobStoreProvider {
  @Override
  public String scheme() {
    return "gcs-no-credentials";
  }

  @Override
  public BlobStore open(String bucket, Function<String, Optional<String>> settings) {
    GcsSettings gcs = GcsSettings.forBucket(bucket);
    gcs = settings.apply("conserver.gcs.project").map(gcs::withProjectId).orElse(gcs);
    gcs = settings.apply("conserver.gcs.host").map(gcs::withHost).orElse(gcs);
    return new GcsBlobStore(
        GcsStorageFactory.create(
            gcs, NoCredentials.getInstance(), ServiceOptions.getNoRetrySettings()),
        gcs);
  }
}
