package io.conserver.server.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.VconParseException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tenant's OIDC trust, from {@code DATA/<tenant>/oidc.json}: {@code {"issuer", "audience",
 * "jwks_file" | "jwks_uri", "clock_skew_seconds"}}. {@code jwks_file} names a file of the tenant's
 * folder (a plain name, never a path); {@code jwks_uri} must be https and is fetched only through
 * the platform's guarded fetcher. Only what the operator wrote here is trusted: a token never
 * chooses its issuer's keys.
 */
public record OidcSettings(
    String issuer, String audience, Optional<Path> jwksFile, Optional<URI> jwksUri, Duration skew) {
  public static final String FILE_NAME = "oidc.json";
  static final Duration DEFAULT_SKEW = Duration.ofSeconds(60);
  static final Duration MAX_SKEW = Duration.ofMinutes(5);
  private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final long MAX_BYTES = 64 * 1024;

  /**
   * The settings in a tenant folder, or empty when the tenant trusts no issuer.
   *
   * @throws IllegalArgumentException when the file exists but is not valid (named in the message)
   */
  public static Optional<OidcSettings> read(Path tenantFolder) {
    Path file = tenantFolder.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode json;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new IllegalArgumentException(FILE_NAME + " is too large");
      }
      json = VconJson.codec().read(Files.readAllBytes(file));
    } catch (IOException | VconParseException e) {
      throw new IllegalArgumentException(FILE_NAME + " cannot be read as JSON", e);
    }
    return Optional.of(parse(json, tenantFolder));
  }

  static OidcSettings parse(JsonNode json, Path tenantFolder) {
    String issuer = required(json, "issuer");
    String audience = required(json, "audience");
    Optional<Path> jwksFile = Optional.empty();
    Optional<URI> jwksUri = Optional.empty();
    if (json.hasNonNull("jwks_file") == json.hasNonNull("jwks_uri")) {
      throw new IllegalArgumentException(FILE_NAME + ": give exactly one of jwks_file, jwks_uri");
    }
    if (json.hasNonNull("jwks_file")) {
      String name = json.get("jwks_file").asText();
      if (!FILE.matcher(name).matches()) {
        throw new IllegalArgumentException(
            FILE_NAME + ": jwks_file must name a file of the tenant's folder, not a path");
      }
      jwksFile = Optional.of(tenantFolder.resolve(name));
    } else {
      URI uri;
      try {
        uri = URI.create(json.get("jwks_uri").asText());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(FILE_NAME + ": jwks_uri is not a URL", e);
      }
      if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException(FILE_NAME + ": jwks_uri must be an https URL");
      }
      jwksUri = Optional.of(uri);
    }
    Duration skew =
        json.has("clock_skew_seconds")
            ? Duration.ofSeconds(json.get("clock_skew_seconds").asLong(-1))
            : DEFAULT_SKEW;
    if (skew.isNegative() || skew.compareTo(MAX_SKEW) > 0) {
      throw new IllegalArgumentException(FILE_NAME + ": clock_skew_seconds must be 0 to 300");
    }
    return new OidcSettings(issuer, audience, jwksFile, jwksUri, skew);
  }

  private static String required(JsonNode json, String member) {
    JsonNode value = json.get(member);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(FILE_NAME + ": " + member + " is required");
    }
    return value.asText();
  }
}
