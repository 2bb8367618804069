package io.conserver.functions.translate.engine.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.translate.engine.TextChunks;
import io.conserver.functions.translate.engine.TranslationException;
import io.conserver.functions.translate.engine.TranslationException.Kind;
import io.conserver.functions.translate.engine.Translator;
import io.conserver.platform.outside.TrustBoundary;
import io.conserver.platform.vendor.VendorFailure;
import io.conserver.platform.vendor.VendorHttp;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Google Cloud Translation v3, {@code projects.translateText} over REST: {@code POST
 * {endpoint}/v3/projects/{project}/locations/{location}:translateText} with a bearer token
 * (https://cloud.google.com/translate/docs/reference/rest/v3/projects/translateText). The tenant's
 * own cloud: inside the trust boundary. Texts go as {@code text/plain} in pieces well under the
 * recommended 30,000 code points per request.
 */
public final class GoogleTranslator implements Translator {
  static final int MAX_CHUNK_CHARS = 10_000;

  private final VendorHttp<TranslationException> http;
  private final URI uri;
  private final String accessToken;

  public GoogleTranslator(
      URI endpoint, String project, String location, String accessToken, Duration timeout) {
    this.http =
        new VendorHttp<>(
            "Google Cloud Translation", timeout, List.of(accessToken), GoogleTranslator::failure);
    this.uri =
        endpoint.resolve("/v3/projects/" + project + "/locations/" + location + ":translateText");
    this.accessToken = accessToken;
  }

  @Override
  public String vendor() {
    return "google";
  }

  @Override
  public String product() {
    return "cloud-translation-v3";
  }

  @Override
  public TrustBoundary boundary() {
    return TrustBoundary.TENANT_CLOUD;
  }

  @Override
  public Translation translate(String text, String from, String to) throws TranslationException {
    List<String> chunks = TextChunks.byChars(text, MAX_CHUNK_CHARS);
    StringBuilder out = new StringBuilder();
    for (String chunk : chunks) {
      out.append(translateChunk(chunk, from, to));
    }
    return new Translation(out.toString(), from + "-" + to, chunks.size());
  }

  private String translateChunk(String chunk, String from, String to) throws TranslationException {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putArray("contents").add(chunk);
    body.put("mimeType", "text/plain");
    body.put("sourceLanguageCode", from);
    body.put("targetLanguageCode", to);
    JsonNode answer =
        http.postJson(
            uri, Map.of("Authorization", "Bearer " + accessToken), VendorHttp.bytes(body));
    JsonNode translated = answer.path("translations").path(0).path("translatedText");
    if (!translated.isTextual()) {
      throw new TranslationException(
          Kind.TRANSIENT,
          "Google Cloud Translation answered without translations[0].translatedText");
    }
    return translated.asText();
  }

  // Error statuses: https://cloud.google.com/translate/docs/reference/rest and google.rpc.Code.
  static TranslationException failure(VendorFailure failure) {
    int status = failure.status();
    if (status == 0 || status / 100 == 2) {
      return new TranslationException(Kind.TRANSIENT, failure.description(), failure.cause());
    }
    String what = "Google Cloud Translation answered " + status + ": " + failure.vendorMessage();
    if (status == 429 || status >= 500) {
      return new TranslationException(Kind.TRANSIENT, what);
    }
    if (status == 401 || status == 403) {
      return new TranslationException(
          Kind.CONFIGURATION,
          what + " (check access_token_ref and the service account's cloudtranslate.user role)");
    }
    if (status == 404) {
      return new TranslationException(
          Kind.CONFIGURATION, what + " (check project_id and location)");
    }
    if (status == 413) {
      return new TranslationException(Kind.REJECTED_INPUT, what);
    }
    if (status == 400
        && failure.vendorMessage().toLowerCase(java.util.Locale.ROOT).contains("language")) {
      return new TranslationException(Kind.UNSUPPORTED_LANGUAGE, what);
    }
    return new TranslationException(Kind.CONFIGURATION, what);
  }
}
