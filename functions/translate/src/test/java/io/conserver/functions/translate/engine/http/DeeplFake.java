package io.conserver.functions.translate.engine.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.translate.engine.http.ContractServer.Request;
import io.conserver.functions.translate.engine.http.ContractServer.Response;
import io.conserver.vcon.VconJson;
import java.util.Map;
import java.util.function.Function;

/**
 * The DeepL API v2 text translation contract, as published:
 *
 * <ul>
 *   <li>https://developers.deepl.com/docs/api-reference/translate — {@code POST /v2/translate},
 *       JSON body {@code {"text": [..], "target_lang", "source_lang"}}, answer {@code
 *       {"translations": [{"detected_source_language", "text"}]}}, request body at most 128 KiB
 *       (413 beyond);
 *   <li>https://developers.deepl.com/docs/getting-started/auth — {@code Authorization:
 *       DeepL-Auth-Key <key>}; 403 when the key is wrong;
 *   <li>https://developers.deepl.com/docs/best-practices/error-handling — 429 too many requests,
 *       456 quota exceeded, 500 internal error; errors carry {@code {"message": ...}}.
 * </ul>
 *
 * Translation itself is a stand-in: a fixed dictionary of whole texts, else {@code [EN] } + text.
 */
public final class DeeplFake implements Function<Request, Response> {
  public static final String KEY = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0:fx";

  private final Map<String, String> dictionary;

  public DeeplFake(Map<String, String> dictionary) {
    this.dictionary = Map.copyOf(dictionary);
  }

  @Override
  public Response apply(Request request) {
    if (!request.method().equals("POST") || !request.path().equals("/v2/translate")) {
      return Response.json(404, "{\"message\":\"Not found\"}");
    }
    if (!("DeepL-Auth-Key " + KEY).equals(request.header("Authorization"))) {
      return Response.json(403, "{\"message\":\"Authorization failure, check auth_key\"}");
    }
    if (request.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 128 * 1024) {
      return Response.json(413, "{\"message\":\"Request Entity Too Large\"}");
    }
    JsonNode body = VconJson.codec().read(request.body());
    if (!body.path("text").isArray() || !body.path("target_lang").isTextual()) {
      return Response.json(400, "{\"message\":\"Parameter 'text' not specified.\"}");
    }
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    var translations = answer.putArray("translations");
    for (JsonNode text : body.path("text")) {
      ObjectNode t = translations.addObject();
      t.put("detected_source_language", body.path("source_lang").asText("ES"));
      t.put("text", dictionary.getOrDefault(text.asText(), "[EN] " + text.asText()));
    }
    return Response.json(200, VconJson.codec().writePretty(answer));
  }
}
