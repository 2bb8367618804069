package io.conserver.platform.gcp;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.storage.HttpStorageOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.conserver.platform.storage.StorageException;
import java.io.IOException;

/**
 * Builds the {@link Storage} client a {@link GcsBlobStore} uses: always the JSON API over HTTP (no
 * gRPC in the function package), credentials from Application Default Credentials (the function's
 * service account on Google Cloud, {@code GOOGLE_APPLICATION_CREDENTIALS} elsewhere). Credentials
 * are handed to the client and never logged or put in a message.
 */
public final class GcsStorageFactory {
  private GcsStorageFactory() {}

  /** A client with Application Default Credentials and the client's default retries. */
  public static Storage create(GcsSettings settings) {
    GoogleCredentials credentials;
    try {
      credentials = GoogleCredentials.getApplicationDefault();
    } catch (IOException e) {
      // The cause says where the library looked; it carries no secret.
      throw new StorageException(
          "no Google Application Default Credentials for bucket "
              + settings.bucket()
              + " (set GOOGLE_APPLICATION_CREDENTIALS or run on Google Cloud)",
          e);
    }
    return create(settings, credentials, ServiceOptions.getDefaultRetrySettings());
  }

  /**
   * A client with explicit credentials and retries: tests pass {@code NoCredentials} and {@link
   * ServiceOptions#getNoRetrySettings()} (default retries turn every injected 5xx into a minute of
   * back-off).
   */
  public static Storage create(
      GcsSettings settings, Credentials credentials, RetrySettings retrySettings) {
    HttpStorageOptions.Builder builder =
        StorageOptions.http().setCredentials(credentials).setRetrySettings(retrySettings);
    settings.project().ifPresent(builder::setProjectId);
    settings.customHost().ifPresent(builder::setHost);
    return builder.build().getService();
  }
}
