package io.conserver.server;

import io.conserver.local.config.LocalConfig;
import io.conserver.server.oidc.JwksSource;
import io.conserver.server.oidc.JwtVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Who may call. A bearer credential is either one of the tenant's API keys or, when the tenant
 * trusts an OIDC issuer ({@code DATA/<tenant>/oidc.json}), a JWT that issuer signed for the
 * tenant's audience. No valid credential: 401; another tenant's key or token: 403; an endpoint that
 * needs a scope ({@code erase}, {@code admin}, {@code read-original}) gets 403 from a credential
 * without it. Tenant names that are not valid are 404, as for an unknown tenant.
 */
@ApplicationScoped
public class ApiAuth {
  private static final Logger LOG = Logger.getLogger(ApiAuth.class);

  private final Tenants tenants;
  private final OidcTenants oidc;

  ApiAuth(Tenants tenants, OidcTenants oidc) {
    this.tenants = tenants;
    this.oidc = oidc;
  }

  /** The tenant the key belongs to, for endpoints every key of the tenant may call. */
  TenantContext tenant(String tenant, String authorization) {
    return caller(tenant, authorization, Set.of()).context();
  }

  /** The tenant, when the key belongs to it and carries the scope. */
  TenantContext tenant(String tenant, String authorization, String scope) {
    return caller(tenant, authorization, Set.of(scope)).context();
  }

  /** The tenant, when the key belongs to it and carries one of the scopes. */
  TenantContext tenantWithAnyScope(String tenant, String authorization, Set<String> scopes) {
    return caller(tenant, authorization, scopes).context();
  }

  /**
   * The caller (tenant, scopes, principal), when the credential belongs to the tenant and carries
   * one of {@code anyOf} (nothing required when empty).
   */
  Caller caller(String tenant, String authorization, Set<String> anyOf) {
    if (!LocalConfig.isTenantName(tenant)) {
      throw Problem.failure(404, "not-found", "Not Found", "no such tenant");
    }
    String credential = bearer(authorization);
    if (credential == null) {
      throw unauthorized("send an API key or an OIDC token as `Authorization: Bearer …`", false);
    }
    Caller caller =
        JwtVerifier.looksLikeJwt(credential)
            ? token(tenant, credential)
            : apiKey(tenant, credential);
    if (!anyOf.isEmpty() && anyOf.stream().noneMatch(caller.scopes()::contains)) {
      String scopes = String.join("' or '", new TreeSet<>(anyOf));
      throw Problem.failure(
          403,
          "forbidden",
          "Forbidden",
          "this credential lacks the '"
              + scopes
              + "' scope (an API key: `conserver apikey create --scope "
              + new TreeSet<>(anyOf).first()
              + "`; a token: the scope claim)");
    }
    if (LOG.isDebugEnabled()) {
      LOG.debugf("tenant %s: request with %s", tenant, caller.principal());
    }
    return caller;
  }

  private Caller apiKey(String tenant, String key) {
    KeyRing.Check check = tenants.keys().check(tenant, key);
    switch (check.verdict()) {
      case VALID:
        Set<String> scopes = new java.util.HashSet<>(check.scopes());
        scopes.add(Caller.READ_REDACTED); // every key may read redacted copies
        return new Caller(context(tenant), scopes, "key:" + check.keyId());
      case OTHER_TENANT:
        throw otherTenant(tenant, "API key");
      default:
        throw unauthorized("the API key is not valid (revoked, or mistyped)", true);
    }
  }

  private Caller token(String tenant, String token) {
    Optional<JwtVerifier> verifier = oidc.verifier(tenant);
    JwtVerifier.Result result;
    try {
      result =
          verifier.isPresent()
              ? verifier.get().verify(token, Instant.now())
              : JwtVerifier.Result.invalid("this tenant accepts no OIDC tokens");
    } catch (JwksSource.JwksUnavailableException e) {
      LOG.warnf("tenant %s: the issuer's keys are unavailable: %s", tenant, e.getMessage());
      throw Problem.failure(
          503, "issuer-unavailable", "Service Unavailable", "the issuer's keys cannot be read now");
    }
    if (!result.valid()) {
      Optional<String> issuer = JwtVerifier.unverifiedIssuer(token);
      if (issuer.isPresent() && oidc.otherTenantTrusts(tenant, issuer.get())) {
        throw otherTenant(tenant, "token");
      }
      throw unauthorized(result.reason(), true);
    }
    String subject = result.subject() == null ? "" : result.subject();
    return new Caller(context(tenant), result.scopes(), "oidc:" + shortHash(subject));
  }

  private TenantContext context(String tenant) {
    return tenants
        .tenant(tenant)
        .orElseThrow(
            () ->
                Problem.failure(
                    503,
                    "starting",
                    "Service Unavailable",
                    "the tenant is starting; retry shortly"));
  }

  private static Problem.Failure otherTenant(String tenant, String what) {
    return Problem.failure(
        403,
        "forbidden",
        "Forbidden",
        "this " + what + " is not valid for tenant '" + tenant + "'");
  }

  // Subjects may be e-mail addresses: records and logs carry a hash of them.
  private static String shortHash(String subject) {
    return java.util.HexFormat.of().formatHex(io.conserver.platform.Sha256.of(subject), 0, 8);
  }

  private static String bearer(String authorization) {
    if (authorization == null
        || authorization.length() < 7
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String key = authorization.substring(7).strip();
    return key.isEmpty() ? null : key;
  }

  private static Problem.Failure unauthorized(String detail, boolean invalidToken) {
    Response problem = Problem.response(401, "unauthorized", "Unauthorized", detail);
    String challenge =
        invalidToken
            ? "Bearer realm=\"conserver\", error=\"invalid_token\""
            : "Bearer realm=\"conserver\"";
    return Problem.failure(
        Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, challenge).build());
  }
}
