package io.conserver.platform.aws;

import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The AWS SDK's default credential chain (profile, web identity, container and instance roles), for
 * deployments whose credentials are not in the environment. Only linked when the SDK's auth module
 * is in the package; the SDK caches and refreshes temporary credentials itself.
 */
final class SdkCredentialChain implements Supplier<AwsCredentials> {
  static final String PROVIDER_CLASS =
      "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider";

  private final AwsCredentialsProvider chain = DefaultCredentialsProvider.builder().build();

  @Override
  public AwsCredentials get() {
    software.amazon.awssdk.auth.credentials.AwsCredentials resolved = chain.resolveCredentials();
    Optional<String> token =
        resolved instanceof AwsSessionCredentials session
            ? Optional.of(session.sessionToken())
            : Optional.empty();
    return new AwsCredentials(resolved.accessKeyId(), resolved.secretAccessKey(), token);
  }
}
