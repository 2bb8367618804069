package io.conserver.functions.analyze.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conserver.functions.analyze.llm.LlmException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * One JSON POST to a model vendor. Status mapping: 401/403 → permanent (the credential); 408, 429,
 * 5xx and 529 (Anthropic "overloaded") → transient, for the queue to retry; other 4xx → permanent.
 * No retry here (the queue's redelivery is the one retry loop) and no redirect (a key must not
 * travel to another host). The vendor's error message is quoted with the key scrubbed out.
 */
final class LlmHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE = 300;

  private final String provider;
  private final Duration timeout;
  private final String secret;
  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  LlmHttp(String provider, Duration timeout, String secret) {
    this.provider = provider;
    this.timeout = timeout;
    this.secret = secret;
  }

  JsonNode post(URI uri, Map<String, String> headers, JsonNode body) throws LlmException {
    return post(uri, headers, bytes(body));
  }

  /** The same, for a body whose exact bytes were signed. */
  JsonNode post(URI uri, Map<String, String> headers, byte[] body) throws LlmException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new LlmException(
          Kind.TRANSIENT, provider + " did not answer within " + timeout.toSeconds() + " s", e);
    } catch (IOException e) {
      throw new LlmException(
          Kind.TRANSIENT, provider + " could not be reached: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LlmException(Kind.TRANSIENT, provider + " call interrupted", e);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw new LlmException(Kind.TRANSIENT, provider + " answered with a body that is not JSON");
      }
    }
    String said = message(response.body());
    String retryAfter =
        response
            .headers()
            .firstValue("retry-after")
            .map(v -> "; retry after " + v + " s")
            .orElse("");
    if (status == 401 || status == 403) {
      throw new LlmException(
          Kind.PERMANENT,
          provider + " refused the credential (" + status + ")" + said + "; check options.llm");
    }
    if (status == 408 || status == 429 || status >= 500) {
      throw new LlmException(
          Kind.TRANSIENT, provider + " is unavailable (" + status + ")" + retryAfter + said);
    }
    throw new LlmException(
        Kind.PERMANENT, provider + " rejected the request (" + status + ")" + said);
  }

  static byte[] bytes(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // {"error": {"message"}} (OpenAI, Anthropic, Gemini) or {"message"} (AWS).
  private String message(byte[] body) {
    String text;
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode found = root.at("/error/message");
      text = found.isTextual() ? found.asText() : root.path("message").asText("");
    } catch (IOException e) {
      text = "";
    }
    if (!secret.isEmpty()) {
      text = text.replace(secret, "[credential]");
    }
    text = text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
    return text.isBlank() ? "" : ": " + text;
  }
}
