package io.conserver.server;

import io.conserver.local.config.LocalConfig;
import io.conserver.local.runtime.LocalTenant;
import io.conserver.platform.erase.ErasePolicy;
import io.conserver.platform.erase.EraseService;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.storage.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the web console ({@code io.conserver.server.console}) may use of the server: the same API
 * keys (checked by the same key ring, scopes included), the served tenants' stores and services,
 * and the pipelines. The console never reaches a tenant except through a session this gateway
 * signed in.
 */
@ApplicationScoped
public class ConsoleGateway {
  /** A served tenant, as the console sees it. */
  public record Tenant(
      String name, LocalTenant local, BlobStore store, PartyIndex partyIndex, EraseService erase) {}

  /** A key that signed in: its tenant, its id (never the key) and its scopes. */
  public record SignedIn(String tenant, String keyId, List<String> scopes) {}

  private final Tenants tenants;

  ConsoleGateway(Tenants tenants) {
    this.tenants = tenants;
  }

  /** The key's identity when it is one of the tenant's keys; empty otherwise. */
  public Optional<SignedIn> signIn(String tenant, String key) {
    if (!LocalConfig.isTenantName(tenant) || key == null) {
      return Optional.empty();
    }
    KeyRing.Check check = tenants.keys().check(tenant, key.strip());
    if (check.verdict() != KeyRing.Verdict.VALID || tenants.tenant(tenant).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new SignedIn(tenant, check.keyId(), check.scopes()));
  }

  /** The key's current scopes, or empty once it was revoked: sessions end with their key. */
  public Optional<List<String>> scopesOf(String tenant, String keyId) {
    return tenants.keys().scopesOf(tenant, keyId);
  }

  public Optional<Tenant> tenant(String name) {
    return tenants
        .tenant(name)
        .map(c -> new Tenant(c.name, c.tenant, c.store, c.partyIndex, c.erase));
  }

  public Map<String, PipelineDeclaration> pipelines() {
    return tenants.pipelines();
  }

  /** Starts an erase request and runs it on the tenant's erase thread, as the API's POST does. */
  public String startErase(String tenant, String party, ErasePolicy policy) {
    TenantContext context = tenants.tenant(tenant).orElseThrow();
    String id = context.erase.start(party, policy);
    EraseResource.runLater(context, tenant, id);
    return id;
  }

  /** Lists every input again, so a released quarantined item is processed now, not later. */
  public int resume(String tenant) {
    return tenants.tenant(tenant).map(c -> c.runtime.resume()).orElse(0);
  }
}
