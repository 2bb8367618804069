package io.conserver.functions.translate.engine.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.translate.engine.http.ContractServer.Request;
import io.conserver.functions.translate.engine.http.ContractServer.Response;
import io.conserver.vcon.VconJson;
import java.util.Set;
import java.util.function.Function;

/**
 * Google Cloud Translation v3 {@code projects.translateText} over REST, as published:
 *
 * <ul>
 *   <li>https://cloud.google.com/translate/docs/reference/rest/v3/projects/translateText — {@code
 *       POST /v3/{parent=projects/*\/locations/*}:translateText}, body {@code {"contents": [..],
 *       "mimeType", "sourceLanguageCode", "targetLanguageCode"}} (contents at most 1024 entries,
 *       30,000 code points recommended), answer {@code {"translations": [{"translatedText"}]}};
 *   <li>https://cloud.google.com/apis/design/errors — errors as {@code {"error": {"code",
 *       "message", "status"}}}: 400 INVALID_ARGUMENT, 401 UNAUTHENTICATED, 403 PERMISSION_DENIED,
 *       404 NOT_FOUND, 429 RESOURCE_EXHAUSTED, 503 UNAVAILABLE;
 *   <li>OAuth 2.0 access token in {@code Authorization: Bearer <token>}.
 * </ul>
 *
 * Translation is a stand-in: {@code [<target>] } + text. Source "xx" is an unsupported language;
 * the texts "quota" and "down" answer 429 and 503.
 */
final class GoogleTranslateFake implements Function<Request, Response> {
  static final String TOKEN = "ya29.test-token";
  static final String PATH = "/v3/projects/acme-prod/locations/global:translateText";
  private static final Set<String> LANGUAGES = Set.of("en", "es", "fr", "de", "pt", "it");

  @Override
  public Response apply(Request request) {
    if (!"POST".equals(request.method()) || !request.path().endsWith(":translateText")) {
      return error(404, "NOT_FOUND", "Method not found.");
    }
    if (!("Bearer " + TOKEN).equals(request.header("Authorization"))) {
      return error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
    }
    if (!PATH.equals(request.path())) {
      return error(404, "NOT_FOUND", "Project or location not found.");
    }
    JsonNode body = VconJson.codec().read(request.body());
    JsonNode contents = body.path("contents");
    if (!contents.isArray() || contents.isEmpty() || contents.size() > 1024) {
      return error(400, "INVALID_ARGUMENT", "contents must hold 1 to 1024 strings");
    }
    String from = body.path("sourceLanguageCode").asText();
    String to = body.path("targetLanguageCode").asText();
    if (!LANGUAGES.contains(from) || !LANGUAGES.contains(to)) {
      return error(400, "INVALID_ARGUMENT", "Source language is invalid.");
    }
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    var translations = answer.putArray("translations");
    for (JsonNode content : contents) {
      switch (content.asText()) {
        case "quota":
          return error(429, "RESOURCE_EXHAUSTED", "Quota exceeded.");
        case "down":
          return error(503, "UNAVAILABLE", "The service is currently unavailable.");
        default:
          translations.addObject().put("translatedText", "[" + to + "] " + content.asText());
      }
    }
    return Response.json(200, VconJson.codec().writePretty(answer));
  }

  private static Response error(int code, String status, String message) {
    return Response.json(
        code,
        "{\"error\":{\"code\":"
            + code
            + ",\"message\":\""
            + message
            + "\",\"status\":\""
            + status
            + "\"}}");
  }
}
