package io.conserver.platform.aws;

import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretValueResolver;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a Secrets Manager secret ARN to the secret's text (GetSecretValue). The ARN is checked
 * strictly before any request, and the client is made in its region.
 *
 * <p>No AWS SDK type appears in this class: it is registered for every AWS package, but only the
 * packages that declare {@code software.amazon.awssdk:secretsmanager} (the export package, where
 * the lifecycle function runs) carry the client, an optional dependency of this module so the light
 * package stays small. Without it, a reference is refused with a configuration error.
 */
public final class SecretsManagerResolver implements SecretValueResolver {
  static final String FORM =
      "a Secrets Manager secret ARN, arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME";

  // Partition (aws, aws-cn, aws-us-gov, ...), region, 12-digit account, and a secret name of the
  // characters Secrets Manager allows (the ARN's own -xxxxxx suffix included).
  private static final Pattern ARN =
      Pattern.compile(
          "arn:aws(?:-[a-z]+)*:secretsmanager:([a-z]{2}(?:-[a-z]+)+-\\d):\\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}");

  /** Fetches a secret's text; kept apart so the SDK is linked only when a reference is used. */
  interface SecretStrings {
    String fetch(String arn, String region) throws SecretReferenceException;
  }

  private final SecretStrings secrets;

  /** The ServiceLoader's instance: the default credential chain, the ARN's regional endpoint. */
  public SecretsManagerResolver() {
    this(SecretsManagerResolver::fetchWithSdk);
  }

  SecretsManagerResolver(SecretStrings secrets) {
    this.secrets = secrets;
  }

  @Override
  public boolean claims(String value) {
    return value.startsWith("arn:");
  }

  @Override
  public String form() {
    return FORM;
  }

  @Override
  public String resolve(String setting, String reference) throws SecretReferenceException {
    Matcher arn = ARN.matcher(reference);
    if (!arn.matches()) {
      // Not echoed: a malformed value may be anything, a pasted key included.
      throw new SecretReferenceException(setting + " is not " + FORM);
    }
    try {
      return secrets.fetch(reference, arn.group(1));
    } catch (SecretReferenceException e) {
      throw new SecretReferenceException(setting + ": " + e.getMessage());
    }
  }

  private static String fetchWithSdk(String arn, String region) throws SecretReferenceException {
    try {
      return new SecretsManagerStrings().fetch(arn, region);
    } catch (NoClassDefFoundError e) {
      throw new SecretReferenceException(
          "this package does not carry the Secrets Manager client"
              + " (software.amazon.awssdk:secretsmanager); deploy the lifecycle function from"
              + " the export package");
    }
  }
}
