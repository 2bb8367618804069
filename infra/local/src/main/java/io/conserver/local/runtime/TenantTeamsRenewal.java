package io.conserver.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.ingest.vendor.TeamsRenewal;
import io.conserver.functions.ingest.vendor.TeamsSubscriptionKeeper;
import io.conserver.functions.ingest.vendor.TeamsSubscriptionKeeper.Renewal;
import io.conserver.functions.ingest.vendor.VendorEndpoints;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.BlobStore;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code conserver run}'s renewal of one tenant's Teams subscriptions, what the cloud function
 * {@code teams-renew} does on its schedule: the server calls {@link #tick()} every {@link
 * TeamsRenewal#INTERVAL}. A tenant without a Teams declaration (no ingest stage with {@code
 * options.fetch_media.teams}) or without saved subscriptions costs nothing: Graph is not called and
 * the client state not resolved. A tick never throws: a failure is one warning, repeated only when
 * it changes, and a recovery one line; a renewal that did something is one line.
 */
public final class TenantTeamsRenewal {
  /** The webhook's client state, resolved when a pass runs (it may change while serving). */
  @FunctionalInterface
  public interface ClientState {
    String resolve() throws Exception;
  }

  private final String tenant;
  private final BlobStore store;
  private final JsonNode app;
  private final SecretRefs secrets;
  private final VendorEndpoints endpoints;
  private final ClientState clientState;
  private final Consumer<String> info;
  private final Consumer<String> warn;
  private String lastFailure;

  private TenantTeamsRenewal(
      String tenant,
      BlobStore store,
      JsonNode app,
      SecretRefs secrets,
      VendorEndpoints endpoints,
      ClientState clientState,
      Consumer<String> info,
      Consumer<String> warn) {
    this.tenant = tenant;
    this.store = store;
    this.app = app;
    this.secrets = secrets;
    this.endpoints = endpoints;
    this.clientState = clientState;
    this.info = info;
    this.warn = warn;
  }

  /** The renewal of {@code tenant}, empty when none of {@code pipelines} has a Teams source. */
  public static Optional<TenantTeamsRenewal> of(
      String tenant,
      BlobStore store,
      Collection<PipelineDeclaration> pipelines,
      SecretRefs secrets,
      VendorEndpoints endpoints,
      ClientState clientState,
      Consumer<String> info,
      Consumer<String> warn) {
    return TeamsRenewal.settings(pipelines)
        .map(
            app ->
                new TenantTeamsRenewal(
                    tenant, store, app, secrets, endpoints, clientState, info, warn));
  }

  /** One pass; empty when there was nothing saved to renew or the pass failed before Graph. */
  public synchronized Optional<Renewal> tick() {
    try {
      if (store.head(TeamsSubscriptionKeeper.STATE).isEmpty()) {
        return Optional.empty();
      }
      Renewal renewal = TeamsRenewal.run(store, app, secrets, endpoints, clientState.resolve());
      if (renewal.failed() > 0) {
        failed(renewal.summary());
      } else {
        if (lastFailure != null) {
          info.accept(line("recovered: " + renewal.summary()));
        } else if (renewal.renewed() + renewal.recreated() > 0) {
          info.accept(line(renewal.summary()));
        }
        lastFailure = null;
      }
      return Optional.of(renewal);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      failed("not run: " + e.getMessage());
      return Optional.empty();
    }
  }

  private void failed(String what) {
    if (!Objects.equals(what, lastFailure)) {
      warn.accept(
          line(what)
              + " (retried every "
              + TeamsRenewal.INTERVAL.toMinutes()
              + " minutes; ./conserver teams renew --tenant "
              + tenant
              + " to try now)");
    }
    lastFailure = what;
  }

  private String line(String what) {
    return "tenant " + tenant + ": teams renew: " + what;
  }
}
