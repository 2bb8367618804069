package io.conserver.platform.gcp;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.storage.HttpStorageOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.conserver.platform.storage.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

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

  /** The scope a store needs: objects read and written, nothing else. */
  static final String READ_WRITE_SCOPE = "https://www.googleapis.com/auth/devstorage.read_write";

  /**
   * Credentials from a service-account key's JSON, limited to {@link #READ_WRITE_SCOPE}.
   *
   * @throws IllegalArgumentException when it is not a service-account key; the message never
   *     contains any of it
   */
  public static GoogleCredentials serviceAccount(String keyJson) {
    try {
      return ServiceAccountCredentials.fromStream(
              new java.io.ByteArrayInputStream(keyJson.getBytes(StandardCharsets.UTF_8)))
          .createScoped(List.of(READ_WRITE_SCOPE));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "the service-account key is not a Google service-account key in JSON (type"
              + " \"service_account\" with client_email, private_key and token_uri)");
    }
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
