package io.conserver.functions.ingest.vendor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.ingest.vendor.TeamsSubscriptions.Subscription;
import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Teams subscriptions created, renewed, re-created and deleted against the Graph contract fake of
 * {@link VendorFakes} over real TLS, their state in a real file-system bucket.
 */
class TeamsSubscriptionsTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  private static final String URL = "https://hooks.example.com/v1/acme/sources/teams";
  private static final String CLIENT_STATE = "client-state-for-tests";

  @TempDir Path dir;
  private VendorFakes fakes;
  private FileSystemBlobStore store;
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @BeforeEach
  void start() {
    fakes = new VendorFakes(new byte[1]);
    store = new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
  }

  @AfterEach
  void stop() {
    fakes.server.close();
  }

  private TeamsSubscriptionKeeper keeper() throws StageMisconfiguredException {
    JsonNode settings =
        VconJson.codec()
            .read(
                "{\"tenant_id\": \""
                    + VendorFakes.TENANT
                    + "\", \"client_id\": \""
                    + VendorFakes.CLIENT
                    + "\", \"client_secret_ref\": \"env:GRAPH_SECRET\"}");
    SecretRefs refs = new SecretRefs(Map.of("GRAPH_SECRET", VendorFakes.SECRET)::get, k -> null);
    VendorEndpoints endpoints =
        VendorEndpoints.forTests(
            fakes.server.base(), fakes.server.clientContext(), waits::add, clock);
    return new TeamsSubscriptionKeeper(
        store, new TeamsSubscriptions(settings, refs, endpoints), clock);
  }

  private void at(Instant now) {
    clock = Clock.fixed(now, ZoneOffset.UTC);
    fakes.graphNow = now;
  }

  @Test
  void subscribeCreatesAtGraphAndSavesNoSecret() throws Exception {
    Subscription s = keeper().subscribe(URL, CLIENT_STATE);

    JsonNode atGraph = fakes.subscriptions.get(s.id());
    assertEquals("created", atGraph.get("changeType").asText());
    assertEquals(URL, atGraph.get("notificationUrl").asText());
    assertEquals(URL, atGraph.get("lifecycleNotificationUrl").asText());
    assertEquals(TeamsSubscriptions.RESOURCE, atGraph.get("resource").asText());
    assertEquals(NOW.plus(TeamsSubscriptions.LIFETIME), s.expires());
    assertEquals(List.of(s), keeper().saved());
    String state =
        new String(store.getBytes(TeamsSubscriptionKeeper.STATE, 1 << 20), StandardCharsets.UTF_8);
    assertFalse(state.contains(CLIENT_STATE), state);
    assertFalse(state.contains(VendorFakes.SECRET), state);
    assertEquals(List.of(s), keeper().saved());
  }

  @Test
  void renewsOnlyWhatIsDueAndReCreatesWhatGraphRemoved() throws Exception {
    Subscription first = keeper().subscribe(URL, CLIENT_STATE);
    at(NOW.plus(Duration.ofMinutes(10)));
    assertEquals(List.of(), keeper().renewDue(Duration.ofMinutes(15), CLIENT_STATE).lines());
    assertEquals(first.expires(), keeper().saved().get(0).expires());

    at(NOW.plus(Duration.ofMinutes(45)));
    List<String> renewed = keeper().renewDue(Duration.ofMinutes(15), CLIENT_STATE).lines();
    assertEquals(1, renewed.size(), renewed.toString());
    Instant newExpiry = NOW.plus(Duration.ofMinutes(45)).plus(TeamsSubscriptions.LIFETIME);
    assertEquals(
        newExpiry.toString(),
        fakes.subscriptions.get(first.id()).get("expirationDateTime").asText());
    assertEquals(newExpiry, keeper().saved().get(0).expires());

    fakes.subscriptions.clear(); // Graph removed it: PATCH answers 404
    at(NOW.plus(Duration.ofMinutes(90)));
    List<String> recreated = keeper().renewDue(Duration.ofMinutes(15), CLIENT_STATE).lines();
    assertTrue(recreated.get(0).startsWith("re-created " + first.id()), recreated.toString());
    Subscription second = keeper().saved().get(0);
    assertTrue(fakes.subscriptions.containsKey(second.id()));
    assertFalse(second.id().equals(first.id()));
  }

  @Test
  void lifecycleMarkersRenewOrReCreateAtTheNextTick() throws Exception {
    Subscription reauth = keeper().subscribe(URL, CLIENT_STATE);
    Subscription removed = keeper().subscribe(URL, CLIENT_STATE);
    marker(reauth.id(), "reauthorizationRequired");
    marker(removed.id(), "subscriptionRemoved");
    at(NOW.plus(Duration.ofMinutes(5))); // not due by time

    List<String> done = keeper().renewDue(Duration.ofMinutes(15), CLIENT_STATE).lines();

    assertEquals(2, done.size(), done.toString());
    assertTrue(done.get(0).startsWith("renewed " + reauth.id()), done.toString());
    assertTrue(done.get(1).startsWith("re-created " + removed.id()), done.toString());
    assertEquals(3, fakes.subscriptions.size()); // the removed one is left to Graph
    assertEquals(List.of(), store.list(TeamsSubscriptionKeeper.LIFECYCLE));
    assertEquals(2, keeper().saved().size());
  }

  @Test
  void expiredTokenIsRefreshedOnceAndThrottlingWaitsRetryAfter() throws Exception {
    Subscription s = keeper().subscribe(URL, CLIENT_STATE);
    int tokens = fakes.tokensIssued.get();
    fakes.expireNextSubscriptionToken.set(1);
    fakes.subscriptionsThrottled.set(1);
    at(NOW.plus(Duration.ofMinutes(50)));

    keeper().renewDue(Duration.ofMinutes(15), CLIENT_STATE);

    assertEquals(tokens + 1, fakes.tokensIssued.get());
    assertEquals(List.of(Duration.ofSeconds(1)), waits);
    assertEquals(
        NOW.plus(Duration.ofMinutes(50)).plus(TeamsSubscriptions.LIFETIME),
        keeper().saved().get(0).expires());
    assertEquals(s.id(), keeper().saved().get(0).id());
  }

  @Test
  void oneRefusedSubscription_isCountedAndKept_whileTheOthersAreRenewed() throws Exception {
    Subscription refused = keeper().subscribe(URL, CLIENT_STATE);
    Subscription renewed = keeper().subscribe(URL, CLIENT_STATE);
    marker(refused.id(), "reauthorizationRequired");
    at(NOW.plus(Duration.ofMinutes(45)));
    fakes.subscriptionsThrottled.set(3); // every attempt for the first one

    TeamsSubscriptionKeeper.Renewal renewal =
        keeper().renewDue(Duration.ofMinutes(15), CLIENT_STATE);

    assertEquals(1, renewal.renewed(), renewal.lines().toString());
    assertEquals(1, renewal.failed(), renewal.lines().toString());
    assertTrue(renewal.firstFailure().orElseThrow().contains("429"), renewal.summary());
    List<Subscription> saved = keeper().saved();
    assertEquals(refused, saved.get(0)); // as it was: the next pass tries it again
    assertEquals(renewed.id(), saved.get(1).id());
    assertTrue(saved.get(1).expires().isAfter(renewed.expires()));
    assertEquals(1, store.list(TeamsSubscriptionKeeper.LIFECYCLE).size()); // its marker stays
  }

  @Test
  void unsubscribeDeletesAtGraphAndForgets() throws Exception {
    Subscription s = keeper().subscribe(URL, CLIENT_STATE);
    fakes.subscriptions.put(
        "b4d1c3e2-0000-4000-8000-000000000001",
        fakes
            .subscriptions
            .get(s.id())
            .deepCopy()
            .put("id", "b4d1c3e2-0000-4000-8000-000000000001"));
    assertEquals(2, keeper().atGraph().size()); // another deployment's: listed, never deleted

    assertEquals(List.of("deleted " + s.id()), keeper().unsubscribe());
    assertFalse(fakes.subscriptions.containsKey(s.id()));
    assertEquals(List.of(), keeper().saved());
  }

  @Test
  void graphRefusingTheBodyIsAnErrorAndNothingSaved() throws Exception {
    IOException e = assertThrows(IOException.class, () -> keeper().subscribe(URL, null));
    assertEquals(
        "Microsoft Graph answered 400 (ValidationError) for creating the subscription",
        e.getMessage());
    assertEquals(List.of(), keeper().saved());
  }

  private void marker(String id, String event) {
    store.putBytes(
        TeamsSubscriptionKeeper.LIFECYCLE + id,
        ("{\"lifecycleEvent\": \"" + event + "\"}").getBytes(StandardCharsets.UTF_8),
        PutOptions.JSON);
  }
}
