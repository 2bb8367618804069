package io.conserver.functions.translate.engine.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.functions.translate.engine.TranslationException;
import io.conserver.functions.translate.engine.TranslationException.Kind;
import io.conserver.functions.translate.engine.http.ContractServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.translate.TranslateClient;

/**
 * The AWS engine with the real SDK client against the TranslateText contract fake: what goes on the
 * wire and how each published error maps to retry, quarantine or skip. Not exercised: the real
 * service, real SigV4 verification, the Lambda role's credentials.
 */
class AwsTranslatorTest {
  private final AwsTranslateFake fake = new AwsTranslateFake();
  private ContractServer server;

  @BeforeEach
  void start() throws Exception {
    server = new ContractServer(fake);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private AwsTranslator translator(String accessKey) {
    return new AwsTranslator(
        TranslateClient.builder()
            .endpointOverride(server.uri())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "secret")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build());
  }

  private Kind failureKind(String text, String from) {
    try (AwsTranslator aws = translator(AwsTranslateFake.ACCESS_KEY)) {
      aws.translate(text, from, "en");
      throw new AssertionError("expected a failure");
    } catch (TranslationException e) {
      return e.kind();
    }
  }

  @Test
  void translateText_sendsTheDocumentedRequest_andReadsTheAnswer() throws Exception {
    try (AwsTranslator aws = translator(AwsTranslateFake.ACCESS_KEY)) {
      var t = aws.translate("Hola, buenos días.", "es", "en");
      assertThat(t.text()).isEqualTo("[en] Hola, buenos días.");
      assertThat(t.requests()).isEqualTo(1);
    }
    // SDK 2.57 speaks Smithy RPC v2 CBOR to Translate; the fake answers it as the service does.
    assertThat(fake.protocols).containsExactly("rpc-v2-cbor");
  }

  @Test
  void textOverTheLimit_goesInPiecesUnderTenThousandBytes() throws Exception {
    String long_ = "Quiero cancelar mi suscripción. ".repeat(700); // ~23 KB
    try (AwsTranslator aws = translator(AwsTranslateFake.ACCESS_KEY)) {
      assertThat(aws.translate(long_, "es", "en").requests()).isEqualTo(3);
    }
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void unsupportedPair_skipsTheText() {
    assertThat(failureKind("hola", "xx")).isEqualTo(Kind.UNSUPPORTED_LANGUAGE);
  }

  @Test
  void throttlingAndServerErrors_areTransient() {
    assertThat(failureKind("throttle", "es")).isEqualTo(Kind.TRANSIENT);
    assertThat(failureKind("boom", "es")).isEqualTo(Kind.TRANSIENT);
    assertThat(failureKind("unavailable", "es")).isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void refusedCredentialsOrPermissions_areConfigurationErrors() {
    assertThat(failureKind("deny", "es")).isEqualTo(Kind.CONFIGURATION);
    try (AwsTranslator aws = translator("AKIDWRONG")) {
      assertThatThrownBy(() -> aws.translate("hola", "es", "en"))
          .isInstanceOfSatisfying(
              TranslationException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION))
          .hasMessageContaining("UnrecognizedClientException");
    }
  }

  @Test
  void unreachableService_isTransient() {
    TranslateClient client =
        TranslateClient.builder()
            .endpointOverride(java.net.URI.create("http://127.0.0.1:1"))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "s")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
    try (AwsTranslator aws = new AwsTranslator(client)) {
      assertThatThrownBy(() -> aws.translate("hola", "es", "en"))
          .isInstanceOfSatisfying(
              TranslationException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
    }
  }

  @Test
  void provider_withoutRegionOrWithBadReferences_isAConfigurationError() {
    var options = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    options.put("region", "us-east-1").put("access_key_id_ref", "AKIDLITERAL");
    assertThatThrownBy(
            () ->
                new AwsTranslateProvider()
                    .create(
                        options,
                        new io.conserver.platform.secrets.SecretRefs(n -> null, n -> null)))
        .isInstanceOfSatisfying(
            TranslationException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION))
        .hasMessageContaining("must be a reference");
  }
}
