package io.conserver.functions.translate.engine.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.translate.engine.TranslationException;
import io.conserver.functions.translate.engine.TranslationException.Kind;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs a JSON body to a translation API and returns the parsed answer, or the HTTP status and the
 * vendor's message when it failed. Network failures and timeouts are transient; what a status means
 * is the engine's call ({@link Failure}).
 */
public final class JsonHttp {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_MESSAGE_CHARS = 300;

  private final HttpClient client;
  private final Duration requestTimeout;

  public JsonHttp(Duration requestTimeout) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.requestTimeout = requestTimeout;
  }

  /** A non-2xx answer: the status and the vendor's error message (never our request's text). */
  public record Failure(int status, String message) {}

  /** The answer: the parsed body on 2xx, else the failure. */
  public record Answer(JsonNode body, Failure failure) {
    public boolean ok() {
      return failure == null;
    }
  }

  /**
   * @param vendor for messages ({@code DeepL})
   * @param headers request headers besides {@code Content-Type}; credentials go here and are never
   *     logged or put in a message
   */
  public Answer post(String vendor, URI uri, Map<String, String> headers, JsonNode body)
      throws TranslationException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(VconJson.codec().write(body)));
    headers.forEach(request::header);
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new TranslationException(
          Kind.TRANSIENT, vendor + " did not answer within " + requestTimeout.toSeconds() + " s");
    } catch (IOException e) {
      throw new TranslationException(
          Kind.TRANSIENT, vendor + " could not be reached: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TranslationException(Kind.TRANSIENT, "interrupted while calling " + vendor, e);
    }
    int status = response.statusCode();
    JsonNode parsed = parse(response.body());
    if (status / 100 == 2) {
      if (parsed == null) {
        throw new TranslationException(
            Kind.TRANSIENT, vendor + " answered " + status + " with a body that is not JSON");
      }
      return new Answer(parsed, null);
    }
    return new Answer(null, new Failure(status, message(parsed)));
  }

  private static JsonNode parse(byte[] body) {
    try {
      return body.length == 0 ? null : VconJson.codec().read(body);
    } catch (RuntimeException e) {
      return null; // an HTML error page from a proxy, say: the status alone must do
    }
  }

  // Google: {"error":{"message":...}}; DeepL: {"message":...}.
  private static String message(JsonNode body) {
    if (body == null) {
      return "(no message)";
    }
    JsonNode message = body.path("error").path("message");
    if (message.isMissingNode()) {
      message = body.path("message");
    }
    String text = message.isTextual() ? message.asText() : "(no message)";
    return text.length() > MAX_MESSAGE_CHARS ? text.substring(0, MAX_MESSAGE_CHARS) + "..." : text;
  }
}
