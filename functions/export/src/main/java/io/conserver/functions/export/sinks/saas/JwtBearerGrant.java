package io.conserver.functions.export.sinks.saas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.export.sinks.SinkRejectedException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The OAuth 2.0 JWT bearer grant (RFC 7523) both Google service accounts and Salesforce connected
 * apps use: an RS256-signed assertion POSTed to the token endpoint as {@code
 * grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer}, exchanged for an access token, which is
 * cached until a minute before it expires.
 */
final class JwtBearerGrant {
  static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  /** Salesforce's token response has no expires_in; its sessions last two hours by default. */
  static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(30);

  private final String service;
  private final URI tokenUrl;
  private final RSAPrivateKey key;
  private final Optional<String> keyId;
  private final ObjectNode claims;
  private final Duration assertionLifetime;
  private final String cacheKey;
  private final SaasEnvironment environment;
  private final SaasHttp http;

  /**
   * @param claims the claims besides iat and exp (iss, aud, and scope or sub)
   */
  JwtBearerGrant(
      String service,
      URI tokenUrl,
      RSAPrivateKey key,
      Optional<String> keyId,
      ObjectNode claims,
      Duration assertionLifetime,
      SaasEnvironment environment) {
    this.service = service;
    this.tokenUrl = tokenUrl;
    this.key = key;
    this.keyId = keyId;
    this.claims = claims.deepCopy();
    this.assertionLifetime = assertionLifetime;
    this.cacheKey = tokenUrl + "|" + claims; // iss, aud, and sub or scope: one credential
    this.environment = environment;
    this.http = new SaasHttp(service + " token endpoint", environment);
  }

  /** A cached token, or a fresh one. */
  AccessToken token() throws SinkRejectedException, IOException, InterruptedException {
    Optional<AccessToken> cached =
        environment.tokens().valid(cacheKey, environment.clock().instant());
    if (cached.isPresent()) {
      return cached.get();
    }
    AccessToken fresh = exchange();
    environment.tokens().put(cacheKey, fresh);
    return fresh;
  }

  /** Drops a token the API refused (expired or revoked early), so the next call gets a new one. */
  void refused(AccessToken token) {
    environment.tokens().invalidate(cacheKey, token);
  }

  private AccessToken exchange() throws SinkRejectedException, IOException, InterruptedException {
    Instant now = environment.clock().instant();
    String form =
        "grant_type="
            + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8)
            + "&assertion="
            + URLEncoder.encode(assertion(now), StandardCharsets.UTF_8);
    HttpRequest request =
        http.request(tokenUrl)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<String> response = http.send(request, r -> false);
    JsonNode body = SaasHttp.json(response);
    if (response.statusCode() != 200 || !body.path("access_token").isTextual()) {
      // invalid_grant, invalid_client, unauthorized_client...: the credential or the app setup is
      // wrong, and retrying will not fix it. error_description is the service's own text.
      throw new SinkRejectedException(
          service
              + " refused the service credential with "
              + response.statusCode()
              + SaasHttp.errorSummary(response)
              + description(body));
    }
    Duration lifetime =
        body.path("expires_in").canConvertToLong()
            ? Duration.ofSeconds(body.path("expires_in").asLong())
            : DEFAULT_LIFETIME;
    return new AccessToken(
        body.path("access_token").textValue(),
        now.plus(lifetime),
        Optional.ofNullable(body.path("instance_url").textValue()));
  }

  private static String description(JsonNode body) {
    String text = body.path("error_description").asText("");
    return text.isEmpty() ? "" : ": " + text.substring(0, Math.min(200, text.length()));
  }

  private String assertion(Instant now) throws SinkRejectedException {
    ObjectNode set =
        claims
            .deepCopy()
            .put("iat", now.getEpochSecond())
            .put("exp", now.plus(assertionLifetime).getEpochSecond());
    try {
      return Rs256Jwt.sign(set, key, keyId);
    } catch (GeneralSecurityException e) {
      throw new SinkRejectedException(service + ": the private key cannot sign RS256 assertions");
    }
  }
}
