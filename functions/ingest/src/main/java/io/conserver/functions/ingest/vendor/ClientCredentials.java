package io.conserver.functions.ingest.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.VconParseException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The OAuth 2.0 client credentials grant (RFC 6749 section 4.4): a service's token endpoint gives
 * an access token for the client id and secret. The secret is sent in the form (Azure AD) or as
 * HTTP basic (Genesys Cloud), as each service documents. Tokens are kept per process until a minute
 * before {@code expires_in}, or until an API refuses one. A refusal of the credentials themselves
 * (400/401, e.g. {@code invalid_client}) is a configuration error naming the option to fix.
 */
public final class ClientCredentials {
  private static final ConcurrentMap<String, Token> TOKENS = new ConcurrentHashMap<>();

  /** An access token; {@code toString} never shows it. */
  record Token(String value, Instant expiresAt) {
    @Override
    public String toString() {
      return "Token[expiresAt=" + expiresAt + "]";
    }
  }

  private final VendorHttp http;
  private final URI tokenUrl;
  private final String clientId;
  private final String secret;
  private final boolean basicAuth;
  private final Map<String, String> extra;
  private final String option;
  private final VendorEndpoints endpoints;

  /**
   * @param option the stage option holding these credentials, for messages ({@code
   *     options.fetch_media.teams})
   * @param extra form members besides {@code grant_type} (Azure AD's {@code scope})
   */
  public ClientCredentials(
      String service,
      URI tokenUrl,
      String clientId,
      String secret,
      boolean basicAuth,
      Map<String, String> extra,
      String option,
      VendorEndpoints endpoints) {
    this.http = new VendorHttp(service + " token endpoint", endpoints);
    this.tokenUrl = tokenUrl;
    this.clientId = clientId;
    this.secret = secret;
    this.basicAuth = basicAuth;
    this.extra = Map.copyOf(extra);
    this.option = option;
    this.endpoints = endpoints;
  }

  /**
   * Per credential, secret included (as a hash): a tenant naming another tenant's client id with a
   * wrong secret must not be handed the other tenant's cached token.
   */
  private String cacheKey() {
    return tokenUrl
        + " "
        + clientId
        + " "
        + extra
        + " "
        + ContentHash.sha512(secret.getBytes(StandardCharsets.UTF_8));
  }

  Token token() throws IOException, InterruptedException, StageMisconfiguredException {
    Instant now = endpoints.clock().instant();
    Token cached = TOKENS.get(cacheKey());
    if (cached != null && cached.expiresAt().minusSeconds(60).isAfter(now)) {
      return cached;
    }
    StringBuilder form = new StringBuilder("grant_type=client_credentials");
    extra.forEach((k, v) -> form.append('&').append(k).append('=').append(encode(v)));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(tokenUrl)
            .timeout(VendorEndpoints.TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
    if (basicAuth) {
      String pair = clientId + ":" + secret;
      request.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    } else {
      form.append("&client_id=").append(encode(clientId));
      form.append("&client_secret=").append(encode(secret));
    }
    HttpResponse<String> response =
        http.send(request.POST(HttpRequest.BodyPublishers.ofString(form.toString())).build());
    JsonNode body = json(response.body());
    if (response.statusCode() != 200 || !body.path("access_token").isTextual()) {
      throw new StageMisconfiguredException(
          http.service()
              + " refused the client credentials of "
              + option
              + " with "
              + response.statusCode()
              + errorCode(body)
              + ": check the client id, the secret and the app's permissions");
    }
    Token token =
        new Token(
            body.get("access_token").asText(),
            now.plusSeconds(Math.max(60, body.path("expires_in").asLong(3600))));
    TOKENS.put(cacheKey(), token);
    return token;
  }

  /** The API refused this token (expired or revoked early): the next call gets a fresh one. */
  void refused(Token token) {
    TOKENS.remove(cacheKey(), token);
  }

  /** OAuth's {@code error} code when it is a plain code; never the description, which may echo. */
  static String errorCode(JsonNode body) {
    String code = body.path("error").isTextual() ? body.path("error").asText() : "";
    if (code.isEmpty() && body.path("error").isObject()) {
      code = body.path("error").path("code").asText(""); // Graph's {"error": {"code": ...}}
    }
    return code.matches("[A-Za-z0-9_.:-]{1,80}") ? " (" + code + ")" : "";
  }

  static JsonNode json(String body) {
    try {
      return VconJson.codec().read(body.getBytes(StandardCharsets.UTF_8));
    } catch (VconParseException | IllegalArgumentException e) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
