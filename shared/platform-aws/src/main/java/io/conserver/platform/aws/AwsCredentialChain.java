package io.conserver.platform.aws;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a function's own AWS credentials come from, in order: the environment ({@code
 * AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}: what Lambda gives a
 * function's role), else the AWS SDK's default chain (profile, web identity, container or instance
 * role) where the package carries the SDK's {@code auth} module.
 */
public final class AwsCredentialChain {
  private AwsCredentialChain() {}

  /**
   * The function's credentials.
   *
   * @throws IllegalStateException when neither the environment nor an SDK chain can give any
   */
  public static Supplier<AwsCredentials> standard(Map<String, String> environment) {
    Optional<AwsCredentials> fromEnvironment = AwsCredentials.fromEnvironment(environment);
    if (fromEnvironment.isPresent()) {
      AwsCredentials fixed = fromEnvironment.get();
      return () -> fixed;
    }
    if (sdkPresent()) {
      return new SdkCredentialChain();
    }
    throw new IllegalStateException(
        "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (a Lambda function's"
            + " role provides them)");
  }

  private static boolean sdkPresent() {
    try {
      Class.forName(
          SdkCredentialChain.PROVIDER_CLASS, false, AwsCredentialChain.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
