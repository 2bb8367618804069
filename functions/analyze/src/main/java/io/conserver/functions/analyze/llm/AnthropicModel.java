package io.conserver.functions.analyze.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.analyze.llm.LlmException.Kind;
import io.conserver.platform.vendor.VendorHttp;
import java.net.URI;
import java.util.Map;

/**
 * Anthropic Messages ({@code POST /v1/messages}, headers {@code x-api-key} and {@code
 * anthropic-version: 2023-06-01}). Structured output the documented way: one tool whose {@code
 * input_schema} is the answer's schema, forced with {@code tool_choice}; the answer is that
 * tool_use block's {@code input}. 529 ({@code overloaded_error}) is transient, like 429 and 5xx.
 * https://docs.anthropic.com/en/api/messages, https://docs.anthropic.com/en/api/errors
 */
final class AnthropicModel extends ApiKeyModel {
  static final String DEFAULT_ENDPOINT = "https://api.anthropic.com";
  static final String VERSION = "2023-06-01";

  AnthropicModel(LlmSettings settings, String apiKey) {
    super(settings, apiKey, "anthropic");
  }

  @Override
  public String provider() {
    return "anthropic";
  }

  @Override
  public LlmReply complete(LlmRequest request) throws LlmException {
    ObjectNode body = VendorHttp.json().createObjectNode();
    body.put("model", settings.model());
    body.put("max_tokens", request.maxTokens());
    body.put("system", request.instructions());
    body.putArray("messages")
        .addObject()
        .put("role", "user")
        .put("content", request.conversation());
    ObjectNode tool = body.putArray("tools").addObject();
    tool.put("name", request.name());
    tool.put("description", "Record the answer in this structure.");
    tool.set("input_schema", request.schema());
    body.putObject("tool_choice").put("type", "tool").put("name", request.name());
    URI uri = URI.create(settings.endpointOr(DEFAULT_ENDPOINT) + "/v1/messages");
    JsonNode answer =
        http.postJson(
            uri, Map.of("x-api-key", apiKey, "anthropic-version", VERSION), VendorHttp.bytes(body));
    for (JsonNode block : answer.path("content")) {
      if ("tool_use".equals(block.path("type").asText()) && block.has("input")) {
        return new LlmReply(
            block.get("input").toString(),
            answer.at("/usage/input_tokens").asInt(0),
            answer.at("/usage/output_tokens").asInt(0));
      }
    }
    throw new LlmException(
        Kind.TRANSIENT,
        "anthropic answered without a tool_use block (stop_reason "
            + answer.path("stop_reason").asText("?")
            + ")");
  }
}
