package io.conserver.platform.aws;

import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.BlobStoreProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code s3} store for function deployments: settings {@code conserver.s3.endpoint}, {@code
 * .region}, {@code .path-style}, {@code .ca-bundle}, {@code .part-size-mb} (environment {@code
 * CONSERVER_S3_*}), the region also from {@code AWS_REGION}. Credentials, in order: {@code
 * conserver.s3.access-key-id} with {@code .secret-access-key}; the environment's {@code
 * AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN} (what Lambda
 * gives a function's role); else the AWS SDK's default chain where the package carries the SDK.
 */
public final class S3BlobStoreProvider implements BlobStoreProvider {
  private static final List<String> SETTINGS =
      List.of("endpoint", "region", "path-style", "ca-bundle", "checksums", "part-size-mb");

  private final Map<String, String> environment;

  public S3BlobStoreProvider() {
    this(System.getenv());
  }

  S3BlobStoreProvider(Map<String, String> environment) {
    this.environment = environment;
  }

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
      Optional.ofNullable(environment.get(name)).ifPresent(v -> env.putIfAbsent(name, v));
    }
    S3Settings s3 = S3Settings.fromEnvironment(env);
    return new S3BlobStore(new S3Connection(s3, credentials(settings)), bucket, s3);
  }

  private Supplier<AwsCredentials> credentials(Function<String, Optional<String>> settings) {
    Optional<String> keyId = settings.apply("conserver.s3.access-key-id");
    Optional<String> secret = settings.apply("conserver.s3.secret-access-key");
    if (keyId.isPresent() != secret.isPresent()) {
      throw new IllegalArgumentException(
          "conserver.s3.access-key-id and conserver.s3.secret-access-key go together");
    }
    if (keyId.isPresent()) {
      AwsCredentials fixed = new AwsCredentials(keyId.get(), secret.get(), Optional.empty());
      return () -> fixed;
    }
    try {
      return AwsCredentialChain.standard(environment);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          e.getMessage() + ", or conserver.s3.access-key-id and conserver.s3.secret-access-key", e);
    }
  }
}
