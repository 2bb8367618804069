package io.conserver.functions.analyze.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.analyze.llm.LlmException.Kind;
import io.conserver.platform.vendor.VendorHttp;
import java.net.URI;
import java.util.Map;

/**
 * OpenAI Chat Completions ({@code POST /v1/chat/completions}, {@code Authorization: Bearer}) with
 * {@code response_format: {"type": "json_schema"}}; the answer is {@code
 * choices[0].message.content}. https://platform.openai.com/docs/api-reference/chat/create
 */
final class OpenAiModel extends ApiKeyModel {
  static final String DEFAULT_ENDPOINT = "https://api.openai.com";

  OpenAiModel(LlmSettings settings, String apiKey) {
    super(settings, apiKey, "openai");
  }

  @Override
  public String provider() {
    return "openai";
  }

  @Override
  public LlmReply complete(LlmRequest request) throws LlmException {
    ObjectNode body = VendorHttp.json().createObjectNode();
    body.put("model", settings.model());
    body.put("max_completion_tokens", request.maxTokens());
    var messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", request.instructions());
    messages.addObject().put("role", "user").put("content", request.conversation());
    ObjectNode format = body.putObject("response_format").put("type", "json_schema");
    // strict=false: strict mode accepts only a subset of JSON Schema; the answer is validated here.
    format
        .putObject("json_schema")
        .put("name", request.name())
        .put("strict", false)
        .set("schema", request.schema());
    URI uri = URI.create(settings.endpointOr(DEFAULT_ENDPOINT) + "/v1/chat/completions");
    JsonNode answer =
        http.postJson(uri, Map.of("Authorization", "Bearer " + apiKey), VendorHttp.bytes(body));
    JsonNode message = answer.at("/choices/0/message");
    if (message.path("refusal").isTextual()) {
      throw new LlmException(Kind.PERMANENT, "openai refused: " + message.path("refusal").asText());
    }
    if (!message.path("content").isTextual()) {
      throw new LlmException(Kind.TRANSIENT, "openai answered without choices[0].message.content");
    }
    return new LlmReply(
        message.path("content").asText(),
        answer.at("/usage/prompt_tokens").asInt(0),
        answer.at("/usage/completion_tokens").asInt(0));
  }
}
