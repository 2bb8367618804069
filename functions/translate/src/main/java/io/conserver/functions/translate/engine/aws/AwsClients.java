package io.conserver.functions.translate.engine.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.translate.engine.TranslationException;
import io.conserver.functions.translate.engine.TranslationException.Kind;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.translate.TranslateClient;
import software.amazon.awssdk.services.translate.TranslateClientBuilder;

/** Builds the SDK client from a stage's options (kept apart so the provider names no SDK type). */
final class AwsClients {
  private AwsClients() {}

  static AwsTranslator translator(ObjectNode options, SecretRefs secrets)
      throws TranslationException {
    Duration timeout = Duration.ofSeconds(options.path("engine_timeout_s").asInt(30));
    TranslateClientBuilder builder =
        TranslateClient.builder()
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(timeout)
                    .build())
            .credentialsProvider(credentials(options, secrets));
    if (options.hasNonNull("region")) {
      builder.region(Region.of(options.get("region").asText()));
    }
    try {
      return new AwsTranslator(builder.build());
    } catch (RuntimeException e) { // no region anywhere, typically
      throw new TranslationException(
          Kind.CONFIGURATION, "aws engine: cannot build the client: " + e.getMessage());
    }
  }

  private static AwsCredentialsProvider credentials(ObjectNode options, SecretRefs secrets)
      throws TranslationException {
    if (!options.has("access_key_id_ref")) {
      return DefaultCredentialsProvider.builder().build();
    }
    try {
      String id = secrets.resolve("access_key_id_ref", options.get("access_key_id_ref").asText());
      String secret =
          secrets.resolve(
              "secret_access_key_ref", options.path("secret_access_key_ref").asText(""));
      if (options.has("session_token_ref")) {
        String token =
            secrets.resolve("session_token_ref", options.get("session_token_ref").asText());
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(id, secret, token));
      }
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret));
    } catch (SecretReferenceException e) {
      throw new TranslationException(Kind.CONFIGURATION, "aws engine: " + e.getMessage());
    }
  }
}
