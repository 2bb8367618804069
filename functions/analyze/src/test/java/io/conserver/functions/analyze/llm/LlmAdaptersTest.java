package io.conserver.functions.analyze.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.secrets.SecretRefs;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each adapter against a contract fake of its vendor's published API. Request and answer shapes
 * from: OpenAI https://platform.openai.com/docs/api-reference/chat/create ; Anthropic
 * https://docs.anthropic.com/en/api/messages and https://docs.anthropic.com/en/api/errors ; Gemini
 * https://ai.google.dev/api/generate-content ; Bedrock
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
class LlmAdaptersTest {
  static final SecretRefs SECRETS =
      new SecretRefs(
          Map.of(
                  "LLM_KEY",
                  "sk-test-123",
                  "AWS_KEY_ID",
                  "AKIDEXAMPLE",
                  "AWS_SECRET",
                  "wJalrXUtnFEMI")
              ::get,
          name -> null);
  static final ObjectNode SCHEMA = schema();

  private VendorFake fake;

  @BeforeEach
  void start() throws Exception {
    fake = new VendorFake();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static ObjectNode schema() {
    ObjectNode schema = VendorFake.JSON.createObjectNode().put("type", "object");
    schema.putObject("properties").putObject("summary").put("type", "string");
    schema.putArray("required").add("summary");
    return schema;
  }

  private LanguageModel model(String provider) throws InvalidInputException {
    ObjectNode llm = VendorFake.JSON.createObjectNode();
    llm.put("provider", provider)
        .put(
            "model", provider.equals("bedrock") ? "anthropic.claude-3-haiku-20240307-v1:0" : "m-1");
    llm.put("endpoint", fake.endpoint()).put("timeout_s", 5);
    if (provider.equals("bedrock")) {
      llm.put("region", "us-east-1")
          .put("access_key_id", "env:AWS_KEY_ID")
          .put("secret_access_key", "env:AWS_SECRET");
    } else {
      llm.put("api_key", "env:LLM_KEY");
    }
    return LanguageModels.create(LlmSettings.of(llm), SECRETS);
  }

  private static LlmRequest request() {
    return new LlmRequest(
        "summary", "Summarise.", "[party 0, customer] too expensive", SCHEMA, 256);
  }

  @Test
  void openai_chatCompletionsWithJsonSchema_bearerKey() throws Exception {
    fake.answer(
        200,
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"summary\\\":\\\"ok\\\"}\",\"refusal\":null},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}");
    LlmReply reply = model("openai").complete(request());
    assertThat(reply.json()).isEqualTo("{\"summary\":\"ok\"}");
    assertThat(reply.inputTokens()).isEqualTo(12);
    VendorFake.Received sent = fake.received.get(0);
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/v1/chat/completions");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-test-123");
    assertThat(sent.body().at("/response_format/type").asText()).isEqualTo("json_schema");
    assertThat(sent.body().at("/response_format/json_schema/schema")).isEqualTo(SCHEMA);
    assertThat(sent.body().at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(sent.body().at("/messages/1/content").asText()).contains("too expensive");
  }

  @Test
  void anthropic_messagesWithAForcedTool_versionAndKeyHeaders() throws Exception {
    fake.answer(
        200,
        "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m-1\","
            + "\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"summary\",\"input\":{\"summary\":\"ok\"}}],"
            + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":20,\"output_tokens\":8}}");
    LlmReply reply = model("anthropic").complete(request());
    assertThat(VendorFake.JSON.readTree(reply.json()).path("summary").asText()).isEqualTo("ok");
    assertThat(reply.outputTokens()).isEqualTo(8);
    VendorFake.Received sent = fake.received.get(0);
    assertThat(sent.path()).isEqualTo("/v1/messages");
    assertThat(sent.header("x-api-key")).isEqualTo("sk-test-123");
    assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(sent.header("Authorization")).isNull();
    assertThat(sent.body().at("/tools/0/input_schema")).isEqualTo(SCHEMA);
    assertThat(sent.body().at("/tool_choice/type").asText()).isEqualTo("tool");
    assertThat(sent.body().at("/max_tokens").asInt()).isEqualTo(256);
  }

  @Test
  void anthropic_529Overloaded_429And500_areTransient_401IsPermanent_keyScrubbed()
      throws Exception {
    String overloaded =
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
    fake.answer(529, overloaded)
        .answer(
            429,
            "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}",
            Map.of("retry-after", "7"))
        .answer(500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}")
        .answer(
            401,
            "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key sk-test-123\"}}");
    LanguageModel anthropic = model("anthropic");
    assertThatThrownBy(() -> anthropic.complete(request()))
        .isInstanceOfSatisfying(
            LlmException.class, e -> assertThat(e.kind()).isEqualTo(LlmException.Kind.TRANSIENT))
        .hasMessageContaining("529");
    assertThatThrownBy(() -> anthropic.complete(request()))
        .isInstanceOfSatisfying(
            LlmException.class, e -> assertThat(e.kind()).isEqualTo(LlmException.Kind.TRANSIENT))
        .hasMessageContaining("retry after 7 s");
    assertThatThrownBy(() -> anthropic.complete(request()))
        .isInstanceOfSatisfying(
            LlmException.class, e -> assertThat(e.kind()).isEqualTo(LlmException.Kind.TRANSIENT));
    assertThatThrownBy(() -> anthropic.complete(request()))
        .isInstanceOfSatisfying(
            LlmException.class, e -> assertThat(e.kind()).isEqualTo(LlmException.Kind.PERMANENT))
        .hasMessageContaining("refused the credential (401)")
        .hasMessageNotContaining("sk-test-123");
  }

  @Test
  void gemini_generateContentWithResponseSchema_keyInHeaderNotUrl() throws Exception {
    fake.answer(
        200,
        "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"{\\\"summary\\\":\\\"ok\\\"}\"}]},"
            + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":4}}");
    LlmReply reply = model("gemini").complete(request());
    assertThat(reply.json()).isEqualTo("{\"summary\":\"ok\"}");
    VendorFake.Received sent = fake.received.get(0);
    assertThat(sent.path()).isEqualTo("/v1beta/models/m-1:generateContent");
    assertThat(sent.header("x-goog-api-key")).isEqualTo("sk-test-123");
    assertThat(sent.body().at("/generationConfig/responseMimeType").asText())
        .isEqualTo("application/json");
    assertThat(sent.body().at("/generationConfig/responseSchema")).isEqualTo(SCHEMA);
    assertThat(sent.body().at("/contents/0/parts/0/text").asText()).contains("too expensive");
  }

  @Test
  void gemini_403IsPermanent_503IsTransient() throws Exception {
    fake.answer(
            503,
            "{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}")
        .answer(
            403,
            "{\"error\":{\"code\":403,\"message\":\"Permission denied\",\"status\":\"PERMISSION_DENIED\"}}");
    LanguageModel gemini = model("gemini");
    assertThatThrownBy(() -> gemini.complete(request()))
        .isInstanceOfSatisfying(
            LlmException.class, e -> assertThat(e.kind()).isEqualTo(LlmException.Kind.TRANSIENT))
        .hasMessageContaining("overloaded");
    assertThatThrownBy(() -> gemini.complete(request()))
        .isInstanceOfSatisfying(
            LlmException.class, e -> assertThat(e.kind()).isEqualTo(LlmException.Kind.PERMANENT));
  }

  @Test
  void bedrock_converseWithAForcedTool_signedWithSigV4() throws Exception {
    fake.answer(
        200,
        "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"t1\","
            + "\"name\":\"summary\",\"input\":{\"summary\":\"ok\"}}}]}},\"stopReason\":\"tool_use\","
            + "\"usage\":{\"inputTokens\":30,\"outputTokens\":6,\"totalTokens\":36},\"metrics\":{\"latencyMs\":100}}");
    LanguageModel bedrock = model("bedrock");
    assertThat(bedrock.boundary())
        .isEqualTo(io.conserver.platform.outside.TrustBoundary.TENANT_CLOUD);
    LlmReply reply = bedrock.complete(request());
    assertThat(VendorFake.JSON.readTree(reply.json()).path("summary").asText()).isEqualTo("ok");
    VendorFake.Received sent = fake.received.get(0);
    assertThat(sent.path()).isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
    assertThat(sent.header("Authorization"))
        .matches(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/us-east-1/bedrock/aws4_request, "
                + "SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}");
    assertThat(sent.header("X-Amz-Date")).matches("\\d{8}T\\d{6}Z");
    assertThat(sent.body().at("/toolConfig/tools/0/toolSpec/inputSchema/json")).isEqualTo(SCHEMA);
    assertThat(sent.body().at("/toolConfig/toolChoice/tool/name").asText()).isEqualTo("summary");
  }

  @Test
  void aLiteralKey_orAnUnknownProvider_isADeclarationError() {
    ObjectNode llm =
        VendorFake.JSON
            .createObjectNode()
            .put("provider", "openai")
            .put("model", "m")
            .put("api_key", "sk-literal");
    assertThatThrownBy(() -> LanguageModels.create(LlmSettings.of(llm), SECRETS))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("must be a reference")
        .hasMessageNotContaining("sk-literal");
    llm.put("provider", "llama");
    assertThatThrownBy(() -> LanguageModels.create(LlmSettings.of(llm), SECRETS))
        .hasMessageContaining("not one of openai, anthropic, gemini, bedrock");
  }
}
