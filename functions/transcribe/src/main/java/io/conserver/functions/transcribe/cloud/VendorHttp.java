package io.conserver.functions.transcribe.cloud;

import static io.conserver.functions.transcribe.engine.TranscriptionException.Kind.PERMANENT;
import static io.conserver.functions.transcribe.engine.TranscriptionException.Kind.TRANSIENT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conserver.functions.transcribe.engine.TranscriptionException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One JSON call to a vendor's HTTP API and the mapping of its failures: 401/403 (a rejected
 * credential) and other 4xx (a request the vendor will never accept) are {@code PERMANENT}; 429,
 * 408, 5xx, timeouts and lost connections are {@code TRANSIENT}, so the stage's queue retries them.
 * Nothing is retried here: the queue's redelivery is the one retry loop. Messages name the engine,
 * the status and the vendor's own explanation, with any credential scrubbed out. Redirects are
 * never followed (a credential must not travel to another host).
 */
public final class VendorHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_BODY = 4096;
  private static final int MAX_VENDOR_MESSAGE = 300;

  private final String engine;
  private final HttpClient client;
  private final Duration timeout;
  private final List<String> secrets;

  public VendorHttp(String engine, Duration timeout, List<String> secrets) {
    this.engine = engine;
    this.timeout = timeout;
    this.secrets = List.copyOf(secrets);
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public static ObjectMapper json() {
    return JSON;
  }

  /** Sends the request (with this engine's timeout) and returns the 2xx body as JSON. */
  public JsonNode send(HttpRequest.Builder request) throws TranscriptionException {
    HttpResponse<InputStream> response;
    try {
      response =
          client.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new TranscriptionException(
          TRANSIENT, engine + " did not answer within " + timeout.toSeconds() + " s", e);
    } catch (IOException e) {
      throw new TranscriptionException(
          TRANSIENT, engine + " could not be reached: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TranscriptionException(TRANSIENT, engine + " call interrupted", e);
    }
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        try {
          return JSON.readTree(body);
        } catch (IOException e) {
          throw new TranscriptionException(
              TRANSIENT, engine + " answered " + status + " with a body that is not JSON", e);
        }
      }
      byte[] head = body.readNBytes(MAX_ERROR_BODY);
      throw failure(status, response.headers(), vendorMessage(head));
    } catch (IOException e) {
      throw new TranscriptionException(
          TRANSIENT, engine + " connection lost while reading its answer", e);
    }
  }

  /** The mapping of a non-2xx status; public for engines whose SDK reports the status itself. */
  public TranscriptionException failure(int status, HttpHeaders headers, String vendorMessage) {
    String said = vendorMessage.isEmpty() ? "" : ": " + scrub(vendorMessage);
    if (status == 401 || status == 403) {
      return new TranscriptionException(
          PERMANENT,
          engine
              + " refused the credential ("
              + status
              + ")"
              + said
              + "; check the credential reference in the stage options");
    }
    if (status == 429) {
      String wait =
          headers.firstValue("Retry-After").map(v -> "; retry after " + v + " s").orElse("");
      return new TranscriptionException(
          TRANSIENT, engine + " is rate limiting (429)" + wait + said);
    }
    if (status == 408 || status >= 500) {
      return new TranscriptionException(
          TRANSIENT, engine + " failed (" + status + ")" + said + "; will retry");
    }
    return new TranscriptionException(
        PERMANENT, engine + " rejected the request (" + status + ")" + said);
  }

  private String scrub(String message) {
    String out = message;
    for (String secret : secrets) {
      if (!secret.isEmpty()) {
        out = out.replace(secret, "[credential]");
      }
    }
    return out;
  }

  /**
   * The human explanation in an error body, whichever shape the vendor uses: {@code
   * {"error":{"message"}}} (Google, OpenAI), {@code {"err_msg"}} (Deepgram), {@code {"message"}} or
   * {@code {"Message"}} (AWS). Empty when there is none.
   */
  static String vendorMessage(byte[] body) {
    Optional<String> found = Optional.empty();
    try {
      JsonNode root = JSON.readTree(body);
      if (root != null && root.isTextual()) {
        found = Optional.of(root.asText());
      } else if (root != null) {
        for (String pointer : List.of("/error/message", "/err_msg", "/message", "/Message")) {
          JsonNode node = root.at(pointer);
          if (node.isTextual()) {
            found = Optional.of(node.asText());
            break;
          }
        }
      }
    } catch (IOException e) {
      found = Optional.of(new String(body, StandardCharsets.UTF_8).strip());
    }
    String message = found.orElse("").replaceAll("\\s+", " ");
    return message.length() > MAX_VENDOR_MESSAGE
        ? message.substring(0, MAX_VENDOR_MESSAGE) + "…"
        : message;
  }
}
