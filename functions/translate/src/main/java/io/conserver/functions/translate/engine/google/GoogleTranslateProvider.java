package io.conserver.functions.translate.engine.google;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.translate.engine.TranslationException;
import io.conserver.functions.translate.engine.TranslationException.Kind;
import io.conserver.functions.translate.engine.Translator;
import io.conserver.functions.translate.engine.TranslatorProvider;
import io.conserver.functions.translate.engine.http.Endpoint;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * {@code "engine": "google"}. Options: {@code project_id} (required), {@code location} (default
 * {@code global}), {@code access_token_ref} (required: {@code env:NAME} or {@code config:key}
 * holding an OAuth access token with the cloud-translation scope), {@code endpoint} (default {@code
 * https://translate.googleapis.com}), {@code engine_timeout_s} (default 30).
 */
public final class GoogleTranslateProvider implements TranslatorProvider {
  static final String DEFAULT_ENDPOINT = "https://translate.googleapis.com";
  private static final Pattern RESOURCE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  @Override
  public String engine() {
    return "google";
  }

  @Override
  public Translator create(ObjectNode options, SecretRefs secrets) throws TranslationException {
    String project = id(options, "project_id", null);
    String location = id(options, "location", "global");
    String token;
    try {
      token = secrets.resolve("access_token_ref", options.path("access_token_ref").asText(""));
    } catch (SecretReferenceException e) {
      throw new TranslationException(Kind.CONFIGURATION, "google engine: " + e.getMessage());
    }
    return new GoogleTranslator(
        Endpoint.of(options, DEFAULT_ENDPOINT),
        project,
        location,
        token,
        Duration.ofSeconds(options.path("engine_timeout_s").asInt(30)));
  }

  // Project and location go into the URL path: only plain ids, nothing that could change it.
  private static String id(ObjectNode options, String name, String fallback)
      throws TranslationException {
    String value = options.path(name).asText(fallback == null ? "" : fallback);
    if (!RESOURCE_ID.matcher(value).matches()) {
      throw new TranslationException(
          Kind.CONFIGURATION,
          "google engine: " + name + " must be a project or location id ([a-z0-9-])");
    }
    return value;
  }
}
