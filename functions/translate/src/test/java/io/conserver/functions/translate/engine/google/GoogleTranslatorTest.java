package io.conserver.functions.translate.engine.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.translate.engine.TranslationException;
import io.conserver.functions.translate.engine.TranslationException.Kind;
import io.conserver.functions.translate.engine.http.ContractServer;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.vcon.VconJson;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Google engine against the translateText contract fake. Not exercised: the real service,
 * obtaining the access token (it is read by reference; a deployment refreshes it).
 */
class GoogleTranslatorTest {
  private ContractServer server;

  @BeforeEach
  void start() throws Exception {
    server = new ContractServer(new GoogleTranslateFake());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private GoogleTranslator google(String project, String token) {
    return new GoogleTranslator(server.uri(), project, "global", token, Duration.ofSeconds(5));
  }

  private Kind kindOf(String project, String token, String text, String from) {
    try {
      google(project, token).translate(text, from, "en");
      throw new AssertionError("expected a failure");
    } catch (TranslationException e) {
      return e.kind();
    }
  }

  @Test
  void translateText_sendsTheDocumentedRequest() throws Exception {
    var t = google("acme-prod", GoogleTranslateFake.TOKEN).translate("Hola.", "es", "en");

    assertThat(t.text()).isEqualTo("[en] Hola.");
    ContractServer.Request request = server.requests().get(0);
    assertThat(request.path()).isEqualTo(GoogleTranslateFake.PATH);
    JsonNode sent = VconJson.codec().read(request.body());
    assertThat(sent.path("mimeType").asText()).isEqualTo("text/plain");
    assertThat(sent.path("sourceLanguageCode").asText()).isEqualTo("es");
    assertThat(sent.path("targetLanguageCode").asText()).isEqualTo("en");
    assertThat(sent.path("contents").toString()).isEqualTo("[\"Hola.\"]");
  }

  @Test
  void statusMapping_followsTheRetryability() {
    String token = GoogleTranslateFake.TOKEN;
    assertThat(kindOf("acme-prod", token, "quota", "es")).isEqualTo(Kind.TRANSIENT);
    assertThat(kindOf("acme-prod", token, "down", "es")).isEqualTo(Kind.TRANSIENT);
    assertThat(kindOf("acme-prod", "expired", "hola", "es")).isEqualTo(Kind.CONFIGURATION);
    assertThat(kindOf("other-project", token, "hola", "es")).isEqualTo(Kind.CONFIGURATION);
    assertThat(kindOf("acme-prod", token, "hola", "xx")).isEqualTo(Kind.UNSUPPORTED_LANGUAGE);
  }

  @Test
  void provider_readsTheTokenByReference_andRefusesALiteral() throws Exception {
    ObjectNode options = JsonNodeFactory.instance.objectNode();
    options.put("project_id", "acme-prod").put("access_token_ref", "env:GOOGLE_TOKEN");
    options.put("endpoint", "https://translate.googleapis.com");
    SecretRefs refs = new SecretRefs(n -> n.equals("GOOGLE_TOKEN") ? "ya29.x" : null, n -> null);
    assertThat(new GoogleTranslateProvider().create(options, refs).vendor()).isEqualTo("google");

    options.put("access_token_ref", "ya29.literal");
    assertThatThrownBy(() -> new GoogleTranslateProvider().create(options, refs))
        .isInstanceOfSatisfying(
            TranslationException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION))
        .hasMessageContaining("must be a reference")
        .hasMessageNotContaining("ya29.literal");
  }

  @Test
  void provider_refusesAPlainHttpEndpoint_andAProjectIdThatCouldChangeThePath() {
    SecretRefs refs = new SecretRefs(n -> "t", n -> null);
    ObjectNode options = JsonNodeFactory.instance.objectNode();
    options.put("project_id", "acme-prod").put("access_token_ref", "env:T");
    options.put("endpoint", "http://translate.googleapis.com");
    assertThatThrownBy(() -> new GoogleTranslateProvider().create(options, refs))
        .hasMessageContaining("https");
    options.remove("endpoint");
    options.put("project_id", "../other");
    assertThatThrownBy(() -> new GoogleTranslateProvider().create(options, refs))
        .hasMessageContaining("project_id");
  }
}
