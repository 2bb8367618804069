package io.conserver.functions.translate.engine.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.translate.engine.TranslationException;
import java.net.URI;

/** An engine's base URL: its vendor's default, or the stage's {@code endpoint} option (https). */
public final class Endpoint {
  private Endpoint() {}

  public static URI of(ObjectNode options, String defaultUrl) throws TranslationException {
    String value = options.path("endpoint").asText(defaultUrl);
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw config("endpoint is not a URL");
    }
    if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw config("endpoint must be an https URL");
    }
    return uri;
  }

  private static TranslationException config(String message) {
    return new TranslationException(TranslationException.Kind.CONFIGURATION, message);
  }
}
