package io.conserver.functions.translate.engine.deepl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.translate.engine.TranslationException;
import io.conserver.functions.translate.engine.TranslationException.Kind;
import io.conserver.functions.translate.engine.http.ContractServer;
import io.conserver.functions.translate.engine.http.ContractServer.Response;
import io.conserver.functions.translate.engine.http.DeeplFake;
import io.conserver.platform.outside.TrustBoundary;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.vcon.VconJson;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DeepL engine against the /v2/translate contract fake. Not exercised: the real service. */
class DeeplTranslatorTest {
  private static DeeplTranslator deepl(ContractServer server, String key) {
    return new DeeplTranslator(server.uri(), key, Map.of("en", "EN-US"), Duration.ofSeconds(5));
  }

  private static Kind kindOf(int status, String message) throws Exception {
    try (ContractServer server =
        new ContractServer(r -> Response.json(status, "{\"message\":\"" + message + "\"}"))) {
      deepl(server, DeeplFake.KEY).translate("Hola", "es", "en");
      throw new AssertionError("expected a failure");
    } catch (TranslationException e) {
      return e.kind();
    }
  }

  @Test
  void translate_sendsTheDocumentedRequest_withTheAuthKeyHeader() throws Exception {
    try (ContractServer server = new ContractServer(new DeeplFake(Map.of("Hola.", "Hello.")))) {
      DeeplTranslator deepl = deepl(server, DeeplFake.KEY);

      assertThat(deepl.translate("Hola.", "es", "en").text()).isEqualTo("Hello.");
      assertThat(deepl.boundary()).isEqualTo(TrustBoundary.THIRD_PARTY);
      ContractServer.Request request = server.requests().get(0);
      assertThat(request.path()).isEqualTo("/v2/translate");
      assertThat(request.header("Authorization")).isEqualTo("DeepL-Auth-Key " + DeeplFake.KEY);
      JsonNode sent = VconJson.codec().read(request.body());
      assertThat(sent.path("text").toString()).isEqualTo("[\"Hola.\"]");
      assertThat(sent.path("source_lang").asText()).isEqualTo("ES");
      assertThat(sent.path("target_lang").asText()).isEqualTo("EN-US");
    }
  }

  @Test
  void aWrongKey_isAConfigurationError_thatNeverShowsTheKey() throws Exception {
    try (ContractServer server = new ContractServer(new DeeplFake(Map.of()))) {
      try {
        deepl(server, "wrong-secret-key").translate("Hola", "es", "en");
        throw new AssertionError("expected a failure");
      } catch (TranslationException e) {
        assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION);
        assertThat(e.getMessage()).contains("403").doesNotContain("wrong-secret-key");
      }
    }
  }

  @Test
  void publishedStatusCodes_mapToRetryQuarantineOrSkip() throws Exception {
    assertThat(kindOf(429, "Too many requests")).isEqualTo(Kind.TRANSIENT);
    assertThat(kindOf(500, "Internal error")).isEqualTo(Kind.TRANSIENT);
    assertThat(kindOf(529, "Too many requests")).isEqualTo(Kind.TRANSIENT);
    assertThat(kindOf(456, "Quota exceeded")).isEqualTo(Kind.CONFIGURATION);
    assertThat(kindOf(413, "Request Entity Too Large")).isEqualTo(Kind.REJECTED_INPUT);
    assertThat(kindOf(400, "Value for 'source_lang' not supported."))
        .isEqualTo(Kind.UNSUPPORTED_LANGUAGE);
    assertThat(kindOf(404, "Not found")).isEqualTo(Kind.CONFIGURATION);
  }

  @Test
  void aLongText_goesInPiecesUnderTheRequestLimit() throws Exception {
    try (ContractServer server = new ContractServer(new DeeplFake(Map.of()))) {
      String text = "Quiero cancelar mi suscripción. ".repeat(3000); // ~100 KB
      var t = deepl(server, DeeplFake.KEY).translate(text, "es", "en");
      assertThat(t.requests()).isEqualTo(4);
      assertThat(server.requests())
          .allSatisfy(r -> assertThat(r.bytes().length).isLessThan(128 * 1024));
    }
  }

  @Test
  void provider_picksTheFreeEndpoint_forFreeKeys() throws Exception {
    ObjectNode options = JsonNodeFactory.instance.objectNode().put("auth_key_ref", "config:k");
    SecretRefs free = new SecretRefs(n -> null, n -> DeeplFake.KEY);
    SecretRefs pro = new SecretRefs(n -> null, n -> "0f1e2d3c-pro-key");
    assertThat(((DeeplTranslator) new DeeplProvider().create(options, free)).uri())
        .hasToString("https://api-free.deepl.com/v2/translate");
    assertThat(((DeeplTranslator) new DeeplProvider().create(options, pro)).uri())
        .hasToString("https://api.deepl.com/v2/translate");
  }
}
