package io.conserver.functions.ingest.vendor;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends one vendor API request, absorbing short outages in-process: 429, 5xx and connection
 * failures are tried {@value #ATTEMPTS} times, waiting the server's {@code Retry-After} (seconds)
 * or 1 s then 2 s. A longer wait than {@link #MAX_WAIT}, or the last failed attempt, is a transient
 * {@link IOException}: the stage runner retries the drop later with its own back-off. Every other
 * answer is returned to the caller to interpret.
 */
final class VendorHttp {
  static final int ATTEMPTS = 3;
  static final Duration MAX_WAIT = Duration.ofSeconds(10);

  private final String service;
  private final VendorEndpoints endpoints;

  VendorHttp(String service, VendorEndpoints endpoints) {
    this.service = service;
    this.endpoints = endpoints;
  }

  String service() {
    return service;
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      Duration backoff = Duration.ofSeconds(1L << (attempt - 1));
      HttpResponse<String> response;
      try {
        response = endpoints.http().get().send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (attempt >= ATTEMPTS) {
          throw new IOException(service + " unreachable after " + attempt + " attempts", e);
        }
        endpoints.sleeper().sleep(backoff);
        continue;
      }
      int status = response.statusCode();
      if (status != 429 && status < 500) {
        return response;
      }
      Optional<Duration> asked = retryAfterSeconds(response);
      Duration wait = asked.filter(d -> d.compareTo(backoff) > 0).orElse(backoff);
      if (attempt >= ATTEMPTS || wait.compareTo(MAX_WAIT) > 0) {
        throw new IOException(
            service
                + " answered "
                + status
                + " after "
                + attempt
                + " attempt(s)"
                + asked.map(d -> " (Retry-After " + d.toSeconds() + " s)").orElse("")
                + "; will retry later");
      }
      endpoints.sleeper().sleep(wait);
    }
  }

  private static Optional<Duration> retryAfterSeconds(HttpResponse<String> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .map(String::strip)
        .filter(v -> v.matches("[0-9]{1,9}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v)));
  }
}
