package io.conserver.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.ingest.vendor.TeamsRenewal;
import io.conserver.functions.ingest.vendor.TeamsSubscriptionKeeper;
import io.conserver.functions.ingest.vendor.TeamsSubscriptions;
import io.conserver.functions.ingest.vendor.TeamsSubscriptions.Subscription;
import io.conserver.functions.ingest.vendor.VendorEndpoints;
import io.conserver.functions.ingest.vendor.VendorFakes;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.BlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conserver run}'s periodic Teams renewal for a local tenant (its real file-system bucket)
 * against the Graph contract fake over real TLS; the test is the scheduler (it calls {@link
 * TenantTeamsRenewal#tick()}) and moves the clock, so nothing sleeps: ticks renew what comes due, a
 * failing Graph is one warning however many ticks fail, the next good tick says it recovered, and
 * no tick throws.
 */
class TenantTeamsRenewalTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  private static final String CLIENT_STATE = "local-client-state";

  @TempDir Path data;
  private VendorFakes fakes;
  private BlobStore store;
  private final AtomicReference<Clock> clock =
      new AtomicReference<>(Clock.fixed(NOW, ZoneOffset.UTC));
  private final List<String> info = new CopyOnWriteArrayList<>();
  private final List<String> warnings = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    fakes = new VendorFakes(new byte[1]);
    store = new LocalTenant(data, "acme").store();
  }

  @AfterEach
  void stop() {
    fakes.server.close();
  }

  private static PipelineDeclaration pipeline(boolean teams) {
    String options =
        teams
            ? ", \"options\": {\"fetch_media\": {\"teams\": {\"tenant_id\": \""
                + VendorFakes.TENANT
                + "\", \"client_id\": \""
                + VendorFakes.CLIENT
                + "\", \"client_secret_ref\": \"env:GRAPH_SECRET\"}}}"
            : "";
    String json =
        "{\"name\": \"meetings\", \"stages\": [{\"name\": \"ingest\", \"function\": \"ingest\""
            + options
            + "}]}";
    return PipelineParser.parse(json.getBytes(StandardCharsets.UTF_8), "test");
  }

  private SecretRefs secrets() {
    return new SecretRefs(Map.of("GRAPH_SECRET", VendorFakes.SECRET)::get, k -> null);
  }

  /** Graph at the fake, on the test's clock as it is when the call is made. */
  private VendorEndpoints endpoints() {
    Clock moving =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return clock.get().instant();
          }
        };
    return VendorEndpoints.forTests(
        fakes.server.base(), fakes.server.clientContext(), d -> {}, moving);
  }

  private Optional<TenantTeamsRenewal> renewal(boolean teams) {
    return TenantTeamsRenewal.of(
        "acme",
        store,
        List.of(pipeline(teams)),
        secrets(),
        endpoints(),
        () -> CLIENT_STATE,
        info::add,
        warnings::add);
  }

  private Subscription subscribe() throws Exception {
    JsonNode app = pipeline(true).stages().get(0).options().path("fetch_media").path("teams");
    return new TeamsSubscriptionKeeper(
            store, new TeamsSubscriptions(app, secrets(), endpoints()), clock.get())
        .subscribe("https://hooks.example.com/v1/acme/sources/teams", CLIENT_STATE);
  }

  private void at(Duration sinceStart) {
    clock.set(Clock.fixed(NOW.plus(sinceStart), ZoneOffset.UTC));
    fakes.graphNow = NOW.plus(sinceStart);
  }

  @Test
  void aTenantWithoutTeams_hasNoRenewal_andWithoutSavedSubscriptionsATickCallsNothing() {
    assertThat(renewal(false)).isEmpty();

    TenantTeamsRenewal renewal = renewal(true).orElseThrow();
    assertThat(renewal.tick()).isEmpty();
    assertThat(fakes.subscriptions).isEmpty();
    assertThat(info).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void ticksEveryTenMinutes_keepTheSubscriptionAliveForHours() throws Exception {
    Subscription s = subscribe();
    TenantTeamsRenewal renewal = renewal(true).orElseThrow();
    int renewedTicks = 0;
    for (Duration t = TeamsRenewal.INTERVAL;
        t.compareTo(Duration.ofHours(3)) <= 0;
        t = t.plus(TeamsRenewal.INTERVAL)) {
      at(t);
      var done = renewal.tick().orElseThrow();
      renewedTicks += done.renewed();
      Instant atGraph =
          Instant.parse(fakes.subscriptions.get(s.id()).get("expirationDateTime").asText());
      assertThat(atGraph).as("alive at %s", t).isAfter(NOW.plus(t));
    }
    // 55-minute lifetimes renewed when within 20 minutes, at 10-minute ticks: at 40, 80, 120 and
    // 160 minutes (each new expiry is the tick + 55), never more often.
    assertThat(renewedTicks).isEqualTo(4);
    assertThat(info).hasSize(renewedTicks).allMatch(l -> l.startsWith("tenant acme: teams renew:"));
    assertThat(warnings).isEmpty();
  }

  @Test
  void aFailingGraph_isOneWarningAcrossTicks_thenOneRecoveryLine_andNoTickThrows()
      throws Exception {
    subscribe();
    at(Duration.ofMinutes(40));
    fakes.subscriptionsThrottled.set(9); // three ticks of three attempts each

    TenantTeamsRenewal renewal = renewal(true).orElseThrow();
    renewal.tick();
    renewal.tick();
    renewal.tick();

    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .startsWith("tenant acme: teams renew: 0 renewed, 0 re-created, 1 failed")
        .contains("429")
        .doesNotContain(CLIENT_STATE)
        .doesNotContain(VendorFakes.SECRET);

    var recovered = renewal.tick().orElseThrow();
    assertThat(recovered.renewed()).isEqualTo(1);
    assertThat(info).hasSize(1);
    assertThat(info.get(0)).startsWith("tenant acme: teams renew: recovered: 1 renewed");
  }

  @Test
  void aMissingClientState_isAWarning_notACrash() throws Exception {
    subscribe();
    TenantTeamsRenewal renewal =
        TenantTeamsRenewal.of(
                "acme",
                store,
                List.of(pipeline(true)),
                secrets(),
                endpoints(),
                () -> {
                  throw new IllegalStateException(
                      "set tenants.acme.webhooks.teams.client_state_ref in config.json");
                },
                info::add,
                warnings::add)
            .orElseThrow();

    assertThat(renewal.tick()).isEmpty();
    assertThat(renewal.tick()).isEmpty();

    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .contains("not run: set tenants.acme.webhooks.teams.client_state_ref in config.json");
  }
}
