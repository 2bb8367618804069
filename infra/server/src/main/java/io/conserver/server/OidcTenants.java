package io.conserver.server;

import io.conserver.platform.fetch.FetchPolicy;
import io.conserver.platform.fetch.GuardedFetcher;
import io.conserver.server.oidc.FileJwks;
import io.conserver.server.oidc.JwksSource;
import io.conserver.server.oidc.JwtVerifier;
import io.conserver.server.oidc.OidcSettings;
import io.conserver.server.oidc.UrlJwks;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Each tenant's OIDC trust ({@code DATA/<tenant>/oidc.json}), read again when the file changes, so
 * an operator can add an issuer or switch its keys without a restart. A tenant without the file
 * accepts API keys only.
 */
@ApplicationScoped
public class OidcTenants {
  private static final Logger LOG = Logger.getLogger(OidcTenants.class);

  /** JWKS documents are small; anything larger is not one. */
  private static final long MAX_JWKS_BYTES = 256 * 1024;

  private record Entry(FileTime modified, Optional<OidcSettings> settings, JwtVerifier verifier) {}

  private final Tenants tenants;
  private final GuardedFetcher fetcher =
      new GuardedFetcher(FetchPolicy.defaults().withMaxBytes(MAX_JWKS_BYTES));
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  OidcTenants(Tenants tenants) {
    this.tenants = tenants;
  }

  /** The tenant's verifier, or empty when it trusts no issuer. */
  Optional<JwtVerifier> verifier(String tenant) {
    return entry(tenant).map(Entry::verifier);
  }

  /** Whether another served tenant trusts this issuer (its token is then "another tenant's"). */
  boolean otherTenantTrusts(String tenant, String issuer) {
    return tenants.all().stream()
        .map(t -> t.name)
        .filter(name -> !name.equals(tenant))
        .map(this::entryOrNone)
        .flatMap(Optional::stream)
        .anyMatch(e -> e.settings().map(s -> s.issuer().equals(issuer)).orElse(false));
  }

  // Another tenant's broken settings must not turn this tenant's 401 into a 503.
  private Optional<Entry> entryOrNone(String tenant) {
    try {
      return entry(tenant);
    } catch (Problem.Failure e) {
      return Optional.empty();
    }
  }

  private Optional<Entry> entry(String tenant) {
    Path folder = tenants.data().resolve(tenant);
    Path file = folder.resolve(OidcSettings.FILE_NAME);
    FileTime modified;
    try {
      modified = Files.getLastModifiedTime(file);
    } catch (IOException e) {
      entries.remove(tenant);
      return Optional.empty();
    }
    Entry known = entries.get(tenant);
    if (known != null && known.modified().equals(modified)) {
      return Optional.of(known);
    }
    Optional<OidcSettings> settings;
    try {
      settings = OidcSettings.read(folder);
    } catch (IllegalArgumentException e) {
      LOG.warnf(
          "tenant %s: OIDC tokens refused until %s is fixed: %s", tenant, file, e.getMessage());
      throw Problem.failure(
          503, "misconfigured", "Service Unavailable", "the tenant's OIDC settings are invalid");
    }
    if (settings.isEmpty()) {
      return Optional.empty();
    }
    OidcSettings s = settings.get();
    JwksSource keys =
        s.jwksFile().isPresent()
            ? new FileJwks(s.jwksFile().get())
            : new UrlJwks(s.jwksUri().orElseThrow(), fetcher, Clock.systemUTC());
    Entry fresh = new Entry(modified, settings, new JwtVerifier(s, keys));
    entries.put(tenant, fresh);
    return Optional.of(fresh);
  }
}
