package io.conserver.functions.analyze.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code options.llm}: {@code provider} (openai, anthropic, gemini, bedrock), {@code model},
 * credentials by reference ({@code api_key}: {@code env:NAME} or {@code config:key}; Bedrock takes
 * the function's role, or {@code access_key_id} + {@code secret_access_key} references), {@code
 * endpoint} (a proxy, a private deployment, the tests' fakes), {@code region} (Bedrock), {@code
 * timeout_s} (60), {@code max_tokens} (1024). A mistake is a declaration error naming the option.
 */
public record LlmSettings(
    String provider,
    String model,
    Optional<URI> endpoint,
    Optional<String> region,
    Duration timeout,
    int maxTokens,
    ObjectNode raw) {

  static LlmSettings of(ObjectNode llm) throws InvalidInputException {
    String provider = required(llm, "provider");
    String model = required(llm, "model");
    Optional<URI> endpoint = Optional.empty();
    if (llm.hasNonNull("endpoint")) {
      try {
        URI uri = URI.create(llm.get("endpoint").asText().replaceAll("/+$", ""));
        if (uri.getHost() == null || !uri.getScheme().startsWith("http")) {
          throw new IllegalArgumentException();
        }
        endpoint = Optional.of(uri);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("options.llm.endpoint must be an http(s) URL");
      }
    }
    int timeout = integer(llm, "timeout_s", 60, 1, 900);
    int maxTokens = integer(llm, "max_tokens", 1024, 1, 65536);
    Optional<String> region =
        Optional.ofNullable(llm.get("region")).map(JsonNode::asText).filter(r -> !r.isBlank());
    return new LlmSettings(
        provider, model, endpoint, region, Duration.ofSeconds(timeout), maxTokens, llm);
  }

  /** A credential named by reference in the options ({@code api_key}). */
  String secret(String option, SecretRefs secrets) throws InvalidInputException {
    JsonNode reference = raw.get(option);
    if (reference == null || !reference.isTextual()) {
      throw new InvalidInputException(
          provider + " needs options.llm." + option + " (a reference: env:NAME or config:key)");
    }
    try {
      return secrets.resolve("options.llm." + option, reference.asText());
    } catch (SecretReferenceException e) {
      throw new InvalidInputException(e.getMessage());
    }
  }

  Optional<String> optionalSecret(String option, SecretRefs secrets) throws InvalidInputException {
    return raw.has(option) ? Optional.of(secret(option, secrets)) : Optional.empty();
  }

  URI endpointOr(String fallback) {
    return endpoint.orElse(URI.create(fallback));
  }

  private static String required(ObjectNode llm, String name) throws InvalidInputException {
    JsonNode value = llm.get(name);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new InvalidInputException("options.llm." + name + " is required (a non-empty string)");
    }
    return value.asText();
  }

  private static int integer(ObjectNode llm, String name, int fallback, int min, int max)
      throws InvalidInputException {
    JsonNode value = llm.get(name);
    if (value == null) {
      return fallback;
    }
    if (!value.isInt() || value.asInt() < min || value.asInt() > max) {
      throw new InvalidInputException(
          "options.llm." + name + " must be a whole number from " + min + " to " + max);
    }
    return value.asInt();
  }
}
