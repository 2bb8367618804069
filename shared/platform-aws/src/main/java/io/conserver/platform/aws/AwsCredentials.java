package io.conserver.platform.aws;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Static credentials for signing: an access key, its secret and, for temporary credentials, a
 * session token. {@link #toString()} shows the key id only, so a record that reaches a log or an
 * exception message never carries the secret.
 */
public record AwsCredentials(
    String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
  public AwsCredentials {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    Objects.requireNonNull(sessionToken, "sessionToken");
  }

  /**
   * The credentials AWS Lambda (and ECS with env-injected keys, or an operator) puts in the
   * environment: {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and optional {@code
   * AWS_SESSION_TOKEN}; empty when the key or secret is missing.
   */
  public static Optional<AwsCredentials> fromEnvironment(Map<String, String> env) {
    String keyId = blankToNull(env.get("AWS_ACCESS_KEY_ID"));
    String secret = blankToNull(env.get("AWS_SECRET_ACCESS_KEY"));
    if (keyId == null || secret == null) {
      return Optional.empty();
    }
    return Optional.of(
        new AwsCredentials(
            keyId, secret, Optional.ofNullable(blankToNull(env.get("AWS_SESSION_TOKEN")))));
  }

  @Override
  public String toString() {
    return "AwsCredentials[" + accessKeyId + ", secret and token not shown]";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
