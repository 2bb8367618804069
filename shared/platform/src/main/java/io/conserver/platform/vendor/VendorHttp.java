package io.conserver.platform.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One JSON call to a vendor's HTTP API (ASR, translation, language models), shared by every stage
 * that calls one. A 2xx answer is returned as JSON; anything else becomes a {@link VendorFailure}
 * that the stage's own mapper turns into its exception, since what a status means (retry, fix the
 * configuration, skip) is the stage's call. Nothing is retried here: the stage queue's redelivery
 * is the one retry loop. Redirects are never followed (a credential must not travel to another
 * host), and every credential given is scrubbed from the vendor's echoed messages.
 *
 * @param <E> the calling stage's exception
 */
public final class VendorHttp<E extends Exception> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_BODY = 4096;
  private static final int MAX_VENDOR_MESSAGE = 300;

  private final String vendor;
  private final Duration timeout;
  private final List<String> secrets;
  private final Function<VendorFailure, E> failures;
  private final HttpClient client;

  /**
   * @param vendor named in messages ({@code "DeepL"})
   * @param secrets credentials that must never appear in a message
   * @param failures the stage's mapping of a failure to its exception
   */
  public VendorHttp(
      String vendor, Duration timeout, List<String> secrets, Function<VendorFailure, E> failures) {
    this.vendor = vendor;
    this.timeout = timeout;
    this.secrets = List.copyOf(secrets);
    this.failures = failures;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public static ObjectMapper json() {
    return JSON;
  }

  /** The bytes of a JSON body. */
  public static byte[] bytes(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /**
   * POSTs a JSON body ({@code Content-Type: application/json}, exactly: a request signer may have
   * signed it) with the given headers (credentials go here) and returns the answer.
   */
  public JsonNode postJson(URI uri, Map<String, String> headers, byte[] body) throws E {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return send(request);
  }

  /** Sends the request with this vendor's timeout and returns the 2xx body as JSON. */
  public JsonNode send(HttpRequest.Builder request) throws E {
    HttpResponse<InputStream> response;
    try {
      response =
          client.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw failures.apply(
          VendorFailure.noAnswer(
              vendor, vendor + " did not answer within " + timeout.toSeconds() + " s", e));
    } catch (IOException e) {
      throw failures.apply(
          VendorFailure.noAnswer(
              vendor, vendor + " could not be reached: " + e.getClass().getSimpleName(), e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failures.apply(VendorFailure.noAnswer(vendor, vendor + " call interrupted", e));
    }
    int status = response.statusCode();
    try (InputStream body = response.body()) {
      if (status / 100 == 2) {
        try {
          return JSON.readTree(body);
        } catch (IOException e) {
          throw failures.apply(
              new VendorFailure(
                  vendor,
                  status,
                  "",
                  vendor + " answered " + status + " with a body that is not JSON",
                  Optional.empty(),
                  e));
        }
      }
      throw failure(status, response.headers(), vendorMessage(body.readNBytes(MAX_ERROR_BODY)));
    } catch (IOException e) {
      throw failures.apply(
          VendorFailure.noAnswer(vendor, vendor + " connection lost while reading its answer", e));
    }
  }

  /** The failure for a non-2xx status; public for engines whose SDK reports the status itself. */
  public E failure(int status, HttpHeaders headers, String vendorMessage) {
    return failures.apply(
        VendorFailure.status(
            vendor, status, scrub(vendorMessage), headers.firstValue("Retry-After")));
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
   * {"error":{"message"}}} (Google, OpenAI, Anthropic, Gemini), {@code {"err_msg"}} (Deepgram),
   * {@code {"message"}} (DeepL) or {@code {"Message"}} (AWS); the text itself when it is not JSON
   * (a proxy's error page). Empty when there is none; cut to 300 characters.
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
