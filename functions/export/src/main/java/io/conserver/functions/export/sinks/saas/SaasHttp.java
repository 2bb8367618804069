package io.conserver.functions.export.sinks.saas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.conserver.functions.export.sinks.SinkUnavailableException;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.VconParseException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Sends a SaaS API request, retrying in-process when the service is down or rate-limits us (429,
 * 5xx, a connection failure, or what {@code alsoTransient} says, e.g. Salesforce's
 * REQUEST_LIMIT_EXCEEDED): never sooner than its {@code Retry-After}, otherwise 1 s then 2 s. After
 * {@value #ATTEMPTS} attempts, or when the service asks for a longer wait than a function should
 * spend sleeping ({@link #MAX_WAIT}), it gives up with a {@link SinkUnavailableException}, and the
 * runner's own retry (with its longer back-off) takes over. Every other answer is returned for the
 * sink to interpret. Redirects are not followed.
 */
final class SaasHttp {
  static final int ATTEMPTS = 3;
  static final Duration MAX_WAIT = Duration.ofSeconds(10);

  private final String service;
  private final SaasEnvironment environment;
  private final HttpClient client;

  SaasHttp(String service, SaasEnvironment environment) {
    this.service = service;
    this.environment = environment;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(environment.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  HttpRequest.Builder request(java.net.URI uri) {
    return HttpRequest.newBuilder(uri).timeout(environment.timeout());
  }

  HttpResponse<String> send(HttpRequest request, Predicate<HttpResponse<String>> alsoTransient)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      Duration backoff = Duration.ofSeconds(1L << (attempt - 1));
      HttpResponse<String> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (attempt >= ATTEMPTS) {
          throw new SinkUnavailableException(
              service + " unreachable after " + attempt + " attempts: " + e, e);
        }
        environment.sleeper().sleep(backoff);
        continue;
      }
      int status = response.statusCode();
      if (status != 429 && status < 500 && !alsoTransient.test(response)) {
        return response;
      }
      Optional<Duration> retryAfter = retryAfter(response);
      Duration wait = retryAfter.filter(d -> d.compareTo(backoff) > 0).orElse(backoff);
      if (attempt >= ATTEMPTS || wait.compareTo(MAX_WAIT) > 0) {
        throw new SinkUnavailableException(
            service
                + " answered "
                + status
                + errorSummary(response)
                + " after "
                + attempt
                + " attempt(s)"
                + retryAfter.map(d -> "; it asks to retry after " + d.toSeconds() + " s").orElse("")
                + "; will retry later");
      }
      environment.sleeper().sleep(wait);
    }
  }

  /** Retry-After as delta-seconds or an HTTP date (RFC 9110 section 10.2.3). */
  private Optional<Duration> retryAfter(HttpResponse<String> response) {
    Optional<String> header = response.headers().firstValue("Retry-After").map(String::strip);
    if (header.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.get()))));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(header.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(environment.clock().instant(), at.toInstant());
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
  }

  /** A response body as JSON; a missing node when it is not JSON (an HTML error page...). */
  static JsonNode json(HttpResponse<String> response) {
    try {
      return VconJson.codec().read(response.body());
    } catch (VconParseException | IllegalArgumentException e) {
      return MissingNode.getInstance();
    }
  }

  /**
   * The error codes a response carries, for messages: Google's {@code error.status}, Salesforce's
   * {@code [{errorCode}]}, OAuth's {@code error}. Never the whole body, which may echo data.
   */
  static String errorSummary(HttpResponse<String> response) {
    JsonNode body = json(response);
    StringBuilder codes = new StringBuilder();
    if (body.isArray()) {
      body.forEach(e -> append(codes, e.path("errorCode").asText("")));
    } else if (body.path("error").isObject()) {
      append(codes, body.path("error").path("status").asText(""));
    } else if (body.path("error").isTextual()) {
      append(codes, body.path("error").asText());
    }
    return codes.length() == 0 ? "" : " (" + codes + ")";
  }

  private static void append(StringBuilder codes, String code) {
    if (!code.isEmpty() && code.matches("[A-Za-z0-9_.:-]{1,80}")) {
      codes.append(codes.length() == 0 ? "" : ", ").append(code);
    }
  }
}
