package io.conserver.server;

import io.conserver.local.config.LocalConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Who may call: the bearer API key must be one of the tenant's (401 without a valid key, 403 with
 * another tenant's), and an endpoint that needs a scope ({@code erase}, {@code admin}) gets 403
 * from a key without it. Tenant names that are not valid are 404, as for an unknown tenant.
 */
@ApplicationScoped
public class ApiAuth {
  private static final Logger LOG = Logger.getLogger(ApiAuth.class);

  private final Tenants tenants;

  ApiAuth(Tenants tenants) {
    this.tenants = tenants;
  }

  /** The tenant the key belongs to, for endpoints every key of the tenant may call. */
  TenantContext tenant(String tenant, String authorization) {
    return check(tenant, authorization, java.util.Set.of());
  }

  /** The tenant, when the key belongs to it and carries the scope. */
  TenantContext tenant(String tenant, String authorization, String scope) {
    return check(tenant, authorization, java.util.Set.of(scope));
  }

  /** The tenant, when the key belongs to it and carries one of the scopes. */
  TenantContext tenantWithAnyScope(
      String tenant, String authorization, java.util.Set<String> scopes) {
    return check(tenant, authorization, scopes);
  }

  private TenantContext check(String tenant, String authorization, java.util.Set<String> scopes) {
    if (!LocalConfig.isTenantName(tenant)) {
      throw Problem.failure(404, "not-found", "Not Found", "no such tenant");
    }
    String key = bearer(authorization);
    if (key == null) {
      throw unauthorized("send the tenant's API key as `Authorization: Bearer KEY`", false);
    }
    KeyRing.Check check = tenants.keys().check(tenant, key);
    switch (check.verdict()) {
      case VALID:
        if (!scopes.isEmpty() && scopes.stream().noneMatch(check.scopes()::contains)) {
          String scope = new java.util.TreeSet<>(scopes).first();
          throw Problem.failure(
              403,
              "forbidden",
              "Forbidden",
              "this API key lacks the '"
                  + String.join("' or '", new java.util.TreeSet<>(scopes))
                  + "' scope (create one with `conserver apikey create --scope "
                  + scope
                  + "`)");
        }
        Optional<TenantContext> context = tenants.tenant(tenant);
        if (context.isPresent()) {
          if (LOG.isDebugEnabled()) {
            LOG.debugf("tenant %s: request with key %s", tenant, check.keyId());
          }
          return context.get();
        }
        throw Problem.failure(
            503, "starting", "Service Unavailable", "the tenant is starting; retry shortly");
      case OTHER_TENANT:
        throw Problem.failure(
            403, "forbidden", "Forbidden", "this API key is not valid for tenant '" + tenant + "'");
      default:
        throw unauthorized("the API key is not valid (revoked, or mistyped)", true);
    }
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
