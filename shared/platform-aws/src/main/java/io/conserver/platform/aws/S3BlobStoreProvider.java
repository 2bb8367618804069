package io.conserver.platform.aws;

import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.BlobStoreProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@code s3} store for function deployments: settings {@code conserver.s3.endpoint}, {@code
 * .region}, {@code .path-style}, {@code .ca-bundle}, {@code .checksums}, {@code .part-size-mb}
 * (environment {@code CONSERVER_S3_*}), the region also from {@code AWS_REGION}; credentials from
 * the AWS default chain (the function's IAM role).
 */
public final class S3BlobStoreProvider implements BlobStoreProvider {
  private static final List<String> SETTINGS =
      List.of("endpoint", "region", "path-style", "ca-bundle", "checksums", "part-size-mb");

  @Override
  public String scheme() {
    return "s3";
  }

  @Override
  public BlobStore open(String bucket, Function<String, Optional<String>> settings) {
    Map<String, String> env = new HashMap<>();
    for (String name : SETTINGS) {
      settings
          .apply("conserver.s3." + name)
          .ifPresent(
              v ->
                  env.put(
                      "CONSERVER_S3_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'),
                      v));
    }
    for (String name : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
      Optional.ofNullable(System.getenv(name)).ifPresent(v -> env.putIfAbsent(name, v));
    }
    S3Settings s3 = S3Settings.fromEnvironment(env);
    Optional<String> keyId = settings.apply("conserver.s3.access-key-id");
    Optional<String> secret = settings.apply("conserver.s3.secret-access-key");
    if (keyId.isPresent() != secret.isPresent()) {
      throw new IllegalArgumentException(
          "conserver.s3.access-key-id and conserver.s3.secret-access-key go together");
    }
    S3Client client =
        keyId.isPresent()
            ? S3ClientFactory.create(
                s3,
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(keyId.get(), secret.get())))
            : S3ClientFactory.create(s3);
    return new S3BlobStore(client, bucket, s3);
  }
}
