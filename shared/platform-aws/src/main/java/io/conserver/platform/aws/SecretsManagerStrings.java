package io.conserver.platform.aws;

import io.conserver.platform.secrets.SecretReferenceException;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * GetSecretValue through the AWS SDK, with the url-connection HTTP client the other AWS clients of
 * the packages use. Refusals that retrying cannot fix become {@link SecretReferenceException}s
 * naming the ARN and what to grant; throttling and outages stay SDK exceptions (transient). No
 * message carries the secret.
 */
final class SecretsManagerStrings implements SecretsManagerResolver.SecretStrings {
  private final URI endpoint;
  private final AwsCredentialsProvider credentials;

  /** The default credential chain; the region's endpoint (or AWS_ENDPOINT_URL_SECRETS_MANAGER). */
  SecretsManagerStrings() {
    this(null, DefaultCredentialsProvider.builder().build());
  }

  /** An explicit endpoint and credentials (tests against the contract fake). */
  SecretsManagerStrings(URI endpoint, AwsCredentialsProvider credentials) {
    this.endpoint = endpoint;
    this.credentials = credentials;
  }

  @Override
  public String fetch(String arn, String region) throws SecretReferenceException {
    // One request per cold start (the caller keeps the value), so the client is not kept either.
    SecretsManagerClientBuilder builder =
        SecretsManagerClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .credentialsProvider(credentials)
            .region(Region.of(region));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    try (SecretsManagerClient client = builder.build()) {
      String text = client.getSecretValue(r -> r.secretId(arn)).secretString();
      if (text == null || text.isBlank()) {
        throw new SecretReferenceException("the secret " + arn + " holds no text (SecretString)");
      }
      return text;
    } catch (ResourceNotFoundException e) {
      throw new SecretReferenceException("the secret " + arn + " does not exist");
    } catch (DecryptionFailureException e) {
      throw new SecretReferenceException(
          "the secret " + arn + " cannot be decrypted: grant kms:Decrypt on its key");
    } catch (InvalidRequestException e) {
      throw new SecretReferenceException(
          "the secret " + arn + " cannot be read now (deleted or scheduled for deletion)");
    } catch (SecretsManagerException e) {
      if (e.awsErrorDetails() != null
          && "AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
        throw new SecretReferenceException(
            "the function's role may not read the secret "
                + arn
                + ": grant secretsmanager:GetSecretValue on it");
      }
      throw e;
    }
  }
}
