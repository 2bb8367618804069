package io.conserver.functions.knative;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.ingest.vendor.TeamsSubscriptionKeeper;
import io.conserver.functions.ingest.vendor.TeamsSubscriptions;
import io.conserver.functions.ingest.vendor.TeamsSubscriptions.Subscription;
import io.conserver.functions.ingest.vendor.VendorEndpoints;
import io.conserver.functions.ingest.vendor.VendorFakes;
import io.conserver.platform.funqy.FunctionSettings;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.testing.TestBucket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The k8s-tenant {@code teams-renew} CronJob's one pass ({@link TeamsRenewOnce}), configured as the
 * module configures the job, against the tenant's bucket on a real S3-compatible store (s3proxy
 * over TLS, {@link TestBucket}) and Microsoft Graph's contract fake over real TLS ({@link
 * VendorFakes}, the ingest module's test-jar; production endpoints are fixed, so the packaged run
 * in {@code PackagedTeamsRenewIT} has nothing saved and does not call Graph). The clock is the
 * fake's, set 40 minutes on, the one thing a test cannot wait for.
 */
class TeamsRenewOnceTest {
  private static final Instant SUBSCRIBED = Instant.parse("2026-11-26T10:00:00Z");
  private static final String CLIENT_STATE = "client-state-of-the-k8s-test";
  private static final String DECLARATION =
      "{\"name\": \"meetings\", \"stages\": [{\"name\": \"ingest\", \"function\": \"ingest\","
          + " \"options\": {\"fetch_media\": {\"teams\": {\"tenant_id\": \""
          + VendorFakes.TENANT
          + "\", \"client_id\": \""
          + VendorFakes.CLIENT
          + "\", \"client_secret_ref\": \"env:TEAMS_CLIENT_SECRET\"}}}}]}";

  private final TestBucket bucket = TestBucket.shared();
  private final Map<String, String> settings = new HashMap<>();
  private final Map<String, String> env = new HashMap<>();
  private VendorFakes graph;
  private Subscription subscription;

  @BeforeEach
  void subscribe() throws Exception {
    bucket.store().delete(TeamsSubscriptionKeeper.STATE);
    graph = new VendorFakes(new byte[1]);
    settings.putAll(bucket.settings());
    settings.put("conserver.pipeline", "meetings");
    settings.put("conserver.pipeline-json", DECLARATION);
    settings.put("conserver.teams-client-state-ref", "env:TEAMS_CLIENT_STATE");
    env.put("TEAMS_CLIENT_SECRET", VendorFakes.SECRET);
    env.put("TEAMS_CLIENT_STATE", CLIENT_STATE);
    JsonNode app =
        KnativeEvents.JSON.readTree(DECLARATION).at("/stages/0/options/fetch_media/teams");
    subscription =
        new TeamsSubscriptionKeeper(
                bucket.store(),
                new TeamsSubscriptions(app, secrets(), endpoints(SUBSCRIBED)),
                Clock.fixed(SUBSCRIBED, ZoneOffset.UTC))
            .subscribe("https://hooks.example.com/v1/acme/sources/teams", CLIENT_STATE);
  }

  @AfterEach
  void stop() {
    graph.server.close();
    bucket.store().delete(TeamsSubscriptionKeeper.STATE);
  }

  private SecretRefs secrets() {
    return new SecretRefs(env::get, key -> null);
  }

  private VendorEndpoints endpoints(Instant now) {
    graph.graphNow = now;
    return VendorEndpoints.forTests(
        graph.server.base(),
        graph.server.clientContext(),
        wait -> {}, // a 429's Retry-After is recorded, not slept
        Clock.fixed(now, ZoneOffset.UTC));
  }

  /** The pass, 40 minutes after subscribing: 15 minutes left, within the 20-minute horizon. */
  private Exit runWhenDue() {
    return Exit.of(
        new TeamsRenewOnce(
                new FunctionSettings(name -> Optional.ofNullable(settings.get(name))),
                secrets(),
                endpoints(SUBSCRIBED.plus(Duration.ofMinutes(40))))
            ::run);
  }

  private String saved() {
    return new String(
        bucket.store().getBytes(TeamsSubscriptionKeeper.STATE, 1 << 20), StandardCharsets.UTF_8);
  }

  @Test
  void aDueSubscription_isRenewedAtGraph_andTheRunPrintsItsCounts_andExitsZero() {
    Exit exit = runWhenDue();

    assertThat(exit.status()).as(exit.err()).isZero();
    assertThat(exit.out().lines())
        .containsExactly("{\"renewed\":1,\"recreated\":0,\"failed\":0,\"not_due\":0}");
    assertThat(exit.err()).isEmpty();
    assertThat(graph.subscriptions.get(subscription.id()).get("expirationDateTime").asText())
        .isNotEqualTo(subscription.expires().toString());
    assertThat(saved())
        .doesNotContain(subscription.expires().toString())
        .doesNotContain(CLIENT_STATE);

    Exit again = runWhenDue(); // the next run, or a Job retry: nothing is due any more
    assertThat(again.status()).as(again.err()).isZero();
    assertThat(again.out().strip())
        .isEqualTo("{\"renewed\":0,\"recreated\":0,\"failed\":0,\"not_due\":1}");
  }

  @Test
  void graphThrottlingEveryAttempt_isExitOne_withOneLine_andTheSubscriptionKept() {
    graph.subscriptionsThrottled.set(3); // every in-process attempt answered 429

    assertThat(runWhenDue().failure(OneShot.FAILED))
        .startsWith(
            "teams renew: the pass did not complete (the next run tries again): teams renew,"
                + " tenant acme: 0 renewed, 0 re-created, 1 failed")
        .contains("429");
    assertThat(saved()).contains(subscription.expires().toString());
  }

  @Test
  void aMissingClientStateReference_orARefusedSecret_isExitTwo_withOneLine_andNothingWritten() {
    settings.remove("conserver.teams-client-state-ref");
    assertThat(runWhenDue().failure(OneShot.CONFIGURATION))
        .isEqualTo(
            "teams renew: configuration error: configuration conserver.teams-client-state-ref"
                + " (env CONSERVER_TEAMS_CLIENT_STATE_REF) is not set");

    settings.put("conserver.teams-client-state-ref", "env:TEAMS_CLIENT_STATE");
    env.put("TEAMS_CLIENT_SECRET", "a-wrong-graph-secret");
    assertThat(runWhenDue().failure(OneShot.CONFIGURATION))
        .startsWith("teams renew: configuration error:")
        .contains("options.fetch_media.teams")
        .doesNotContain("a-wrong-graph-secret");
    assertThat(saved()).contains(subscription.expires().toString());
  }

  @Test
  void aStoreThatIsDown_isExitOne_withOneLine() {
    Exit exit = Exit.withStoreDown(bucket, this::runWhenDue);

    assertThat(exit.failure(OneShot.FAILED)).startsWith("teams renew: the pass did not complete");
    assertThat(saved()).contains(subscription.expires().toString());
  }
}
