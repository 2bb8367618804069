package io.conserver.functions.translate.engine.deepl;

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
import java.util.Locale;
import java.util.Map;

/**
 * DeepL API v2 {@code POST /v2/translate}, JSON body, {@code Authorization: DeepL-Auth-Key <key>}
 * (https://developers.deepl.com/docs/api-reference/translate). A third-party service: the stage
 * uses it only with {@code "allow_third_party": true}, and records each transfer. Request bodies
 * must stay under 128 KiB, so texts go in pieces of at most {@value #MAX_CHUNK_BYTES} bytes.
 */
public final class DeeplTranslator implements Translator {
  static final int MAX_CHUNK_BYTES = 30_000;

  private final VendorHttp<TranslationException> http;
  private final URI uri;
  private final String authKey;
  private final Map<String, String> targetVariants;

  /**
   * @param targetVariants DeepL's regional target codes by language ({@code en} → {@code EN-US}):
   *     DeepL deprecates the bare {@code EN} and {@code PT} targets
   */
  public DeeplTranslator(
      URI endpoint, String authKey, Map<String, String> targetVariants, Duration timeout) {
    this.http = new VendorHttp<>("DeepL", timeout, List.of(authKey), DeeplTranslator::failure);
    this.uri = endpoint.resolve("/v2/translate");
    this.authKey = authKey;
    this.targetVariants = Map.copyOf(targetVariants);
  }

  /** Where requests go (for tests of the provider's endpoint choice). */
  URI uri() {
    return uri;
  }

  @Override
  public String vendor() {
    return "deepl";
  }

  @Override
  public String product() {
    return "deepl-api-v2";
  }

  @Override
  public TrustBoundary boundary() {
    return TrustBoundary.THIRD_PARTY;
  }

  @Override
  public Translation translate(String text, String from, String to) throws TranslationException {
    String target = targetVariants.getOrDefault(to, to.toUpperCase(Locale.ROOT));
    List<String> chunks = TextChunks.byUtf8Bytes(text, MAX_CHUNK_BYTES);
    StringBuilder out = new StringBuilder();
    for (String chunk : chunks) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.putArray("text").add(chunk);
      body.put("source_lang", from.toUpperCase(Locale.ROOT));
      body.put("target_lang", target);
      JsonNode answer =
          http.postJson(
              uri, Map.of("Authorization", "DeepL-Auth-Key " + authKey), VendorHttp.bytes(body));
      JsonNode translated = answer.path("translations").path(0).path("text");
      if (!translated.isTextual()) {
        throw new TranslationException(
            Kind.TRANSIENT, "DeepL answered without translations[0].text");
      }
      out.append(translated.asText());
    }
    return new Translation(out.toString(), from + "-" + target, chunks.size());
  }

  // Status codes: https://developers.deepl.com/docs/best-practices/error-handling and the
  // translate reference (400, 403, 404, 413, 414, 429, 456, 500, 504, 529).
  static TranslationException failure(VendorFailure failure) {
    int status = failure.status();
    if (status == 0 || status / 100 == 2) {
      return new TranslationException(Kind.TRANSIENT, failure.description(), failure.cause());
    }
    String what = "DeepL answered " + status + ": " + failure.vendorMessage();
    if (status == 429 || status >= 500) {
      return new TranslationException(Kind.TRANSIENT, what);
    }
    if (status == 456) {
      return new TranslationException(
          Kind.CONFIGURATION,
          "DeepL quota exceeded (456): the account's character limit or cost-control limit is"
              + " reached");
    }
    if (status == 401 || status == 403) {
      return new TranslationException(
          Kind.CONFIGURATION, what + " (the key behind auth_key_ref was refused)");
    }
    if (status == 413 || status == 414) {
      return new TranslationException(Kind.REJECTED_INPUT, what);
    }
    if (status == 400 && failure.vendorMessage().toLowerCase(Locale.ROOT).contains("lang")) {
      return new TranslationException(Kind.UNSUPPORTED_LANGUAGE, what);
    }
    return new TranslationException(Kind.CONFIGURATION, what);
  }
}
