package io.conserver.platform.gcp;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.storage.Storage;

/** Stores on a {@link FakeGcsServer}, built through the production factory. */
final class GcsTestStores {
  static final String BUCKET = "conserver-test";

  /** Small enough that the contract's 6 MB stream needs two dozen chunk PUTs. */
  static final int CHUNK = GcsSettings.CHUNK_QUANTUM;

  static final int SINGLE_REQUEST_LIMIT = 64 * 1024;

  private GcsTestStores() {}

  static GcsSettings settings(FakeGcsServer server) {
    return GcsSettings.forBucket(BUCKET)
        .withProjectId("test")
        .withHost(server.endpoint())
        .withChunkSize(CHUNK)
        .withSingleRequestLimit(SINGLE_REQUEST_LIMIT);
  }

  /** The real client, no credentials, no retries (each injected 5xx would otherwise back off). */
  static Storage storage(FakeGcsServer server) {
    return storage(server, NoCredentials.getInstance(), ServiceOptions.getNoRetrySettings());
  }

  static Storage storage(FakeGcsServer server, Credentials credentials, RetrySettings retries) {
    return GcsStorageFactory.create(settings(server), credentials, retries);
  }

  static GcsBlobStore store(FakeGcsServer server) {
    return new GcsBlobStore(storage(server), settings(server));
  }
}
