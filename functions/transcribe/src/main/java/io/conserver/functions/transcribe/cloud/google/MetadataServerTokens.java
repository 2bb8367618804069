package io.conserver.functions.transcribe.cloud.google;

import static io.conserver.functions.transcribe.engine.TranscriptionException.Kind.TRANSIENT;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.transcribe.engine.TranscriptionException;
import io.conserver.platform.vendor.VendorHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The function's own service-account token from the metadata server, as Cloud Functions and Cloud
 * Run provide it ({@code GET .../computeMetadata/v1/instance/service-accounts/default/token} with
 * {@code Metadata-Flavor: Google}, answering {@code {"access_token","expires_in","token_type"}}),
 * kept until a minute before it expires. This is what google-auth-library does on GCP, without
 * carrying that library (and gRPC) into the function. Source:
 * https://cloud.google.com/compute/docs/access/authenticate-workloads#applications
 */
final class MetadataServerTokens implements AccessTokens {
  static final URI DEFAULT =
      URI.create(
          "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token");

  private final URI uri;
  private final VendorHttp<TranscriptionException> http;
  private final Clock clock;
  private String token;
  private Instant expires = Instant.MIN;

  MetadataServerTokens(URI uri, Clock clock) {
    this.uri = uri;
    this.clock = clock;
    this.http =
        new VendorHttp<>(
            "google metadata server",
            Duration.ofSeconds(5),
            java.util.List.of(),
            TranscriptionException::of);
  }

  @Override
  public synchronized String token() throws TranscriptionException {
    if (token == null || clock.instant().isAfter(expires.minusSeconds(60))) {
      JsonNode answer =
          http.send(HttpRequest.newBuilder(uri).header("Metadata-Flavor", "Google").GET());
      if (!answer.path("access_token").isTextual()) {
        throw new TranscriptionException(
            TRANSIENT, "google metadata server answered without an access_token");
      }
      token = answer.get("access_token").asText();
      expires = clock.instant().plusSeconds(answer.path("expires_in").asLong(0));
    }
    return token;
  }
}
