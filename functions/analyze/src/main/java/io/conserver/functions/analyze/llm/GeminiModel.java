package io.conserver.functions.analyze.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.analyze.llm.LlmException.Kind;
import io.conserver.platform.vendor.VendorHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Gemini API {@code POST /v1beta/models/{model}:generateContent} (key in the {@code x-goog-api-key}
 * header, never in the URL), {@code generationConfig.responseMimeType: application/json} with
 * {@code responseSchema}; the answer is {@code candidates[0].content.parts[0].text}. responseSchema
 * takes an OpenAPI subset of JSON Schema: keep prompt schemas to type, properties, required, items,
 * enum, description. https://ai.google.dev/api/generate-content
 */
final class GeminiModel extends ApiKeyModel {
  static final String DEFAULT_ENDPOINT = "https://generativelanguage.googleapis.com";

  GeminiModel(LlmSettings settings, String apiKey) {
    super(settings, apiKey, "gemini");
  }

  @Override
  public String provider() {
    return "gemini";
  }

  @Override
  public LlmReply complete(LlmRequest request) throws LlmException {
    ObjectNode body = VendorHttp.json().createObjectNode();
    body.putObject("systemInstruction")
        .putArray("parts")
        .addObject()
        .put("text", request.instructions());
    ObjectNode content = body.putArray("contents").addObject().put("role", "user");
    content.putArray("parts").addObject().put("text", request.conversation());
    ObjectNode config = body.putObject("generationConfig");
    config.put("responseMimeType", "application/json");
    config.set("responseSchema", request.schema());
    config.put("maxOutputTokens", request.maxTokens());
    URI uri =
        URI.create(
            settings.endpointOr(DEFAULT_ENDPOINT)
                + "/v1beta/models/"
                + URLEncoder.encode(settings.model(), StandardCharsets.UTF_8)
                + ":generateContent");
    JsonNode answer = http.postJson(uri, Map.of("x-goog-api-key", apiKey), VendorHttp.bytes(body));
    JsonNode text = answer.at("/candidates/0/content/parts/0/text");
    if (!text.isTextual()) {
      String reason = answer.at("/promptFeedback/blockReason").asText("");
      if (!reason.isEmpty()) {
        throw new LlmException(Kind.PERMANENT, "gemini blocked the prompt: " + reason);
      }
      throw new LlmException(
          Kind.TRANSIENT,
          "gemini answered without text (finishReason "
              + answer.at("/candidates/0/finishReason").asText("?")
              + ")");
    }
    return new LlmReply(
        text.asText(),
        answer.at("/usageMetadata/promptTokenCount").asInt(0),
        answer.at("/usageMetadata/candidatesTokenCount").asInt(0));
  }
}
