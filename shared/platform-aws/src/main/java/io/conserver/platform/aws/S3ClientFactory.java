package io.conserver.platform.aws;

import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the one {@link S3Client} a function instance keeps for its lifetime. The JDK-based
 * url-connection HTTP client keeps Lambda packages small and cold starts short; a stage function
 * makes one request at a time, so it needs no connection pool of its own.
 */
public final class S3ClientFactory {
  private S3ClientFactory() {}

  /** A client whose credentials come from the AWS default chain (never read or logged here). */
  public static S3Client create(S3Settings settings) {
    return create(settings, DefaultCredentialsProvider.builder().build());
  }

  /** A client with explicit credentials (tests, or a caller with its own provider). */
  public static S3Client create(S3Settings settings, AwsCredentialsProvider credentials) {
    return builder(settings, credentials).build();
  }

  /** The configured builder, for tests that add interceptors or change retries. */
  static S3ClientBuilder builder(S3Settings settings, AwsCredentialsProvider credentials) {
    UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
    if (settings.caBundle() != null) {
      // Read once, now: a missing or broken bundle fails at start-up, not at the first request.
      TrustManager[] trust = PemTrust.trustManagers(settings.caBundle());
      http.tlsTrustManagersProvider(() -> trust);
    }
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(http)
            .credentialsProvider(credentials)
            .forcePathStyle(settings.pathStyle());
    if (settings.region() != null) {
      builder.region(Region.of(settings.region()));
    }
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    if (!settings.checksums()) {
      builder
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return builder;
  }
}
