package io.conserver.functions.transcribe.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * A cloud engine's options from the stage declaration ({@code "options": {"engine": ..., ...}}). A
 * value of the wrong type is a declaration error: {@link IllegalArgumentException} naming the
 * option, never a silent default.
 */
public final class EngineOptions {
  private final String engine;
  private final ObjectNode options;

  public EngineOptions(String engine, ObjectNode options) {
    this.engine = engine;
    this.options = options;
  }

  public Optional<String> text(String name) {
    JsonNode value = options.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw invalid(name, "a non-empty string");
    }
    return Optional.of(value.asText());
  }

  public String text(String name, String fallback) {
    return text(name).orElse(fallback);
  }

  public boolean flag(String name, boolean fallback) {
    JsonNode value = options.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw invalid(name, "true or false");
    }
    return value.asBoolean();
  }

  public int integer(String name, int fallback, int min, int max) {
    JsonNode value = options.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw invalid(name, "a whole number from " + min + " to " + max);
    }
    int n = value.asInt();
    if (n < min || n > max) {
      throw invalid(name, "a whole number from " + min + " to " + max);
    }
    return n;
  }

  /**
   * The service's base URL: {@code endpoint} when declared (a private deployment, a proxy, the
   * tests' contract fake), otherwise the vendor's public one.
   */
  public URI endpoint(String fallback) {
    String value = text("endpoint", fallback);
    try {
      URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
      if (uri.getHost() == null
          || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        throw invalid("endpoint", "an http(s) URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw invalid("endpoint", "an http(s) URL");
    }
  }

  /** A required credential, given as a reference ({@code env:NAME} or {@code config:key}). */
  public String secret(String name, SecretRefs secrets) throws SecretReferenceException {
    String reference =
        text(name)
            .orElseThrow(
                () ->
                    new SecretReferenceException(
                        engine + " needs options." + name + " (env:NAME or config:key)"));
    return secrets.resolve(engine + " options." + name, reference);
  }

  /** An optional credential reference; empty when the option is absent. */
  public Optional<String> optionalSecret(String name, SecretRefs secrets)
      throws SecretReferenceException {
    Optional<String> reference = text(name);
    if (reference.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(secrets.resolve(engine + " options." + name, reference.get()));
  }

  private IllegalArgumentException invalid(String name, String expected) {
    return new IllegalArgumentException(engine + " options." + name + " must be " + expected);
  }
}
