package io.conserver.functions.ingest.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.ingest.TeamsRenewEntry;
import io.conserver.functions.ingest.vendor.TeamsSubscriptions.Subscription;
import io.conserver.platform.funqy.FunctionSettings;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
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
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code teams-renew} function's work ({@link TeamsRenewEntry}) against the Graph contract fake
 * of {@link VendorFakes} over real TLS, the tenant's state in a real file-system bucket: one tick
 * renews what is due and logs one summary line; a second tick renews nothing; Graph refusing fails
 * the invocation with nothing lost; wrong credentials, a declaration without Teams and another
 * tenant's tick are errors before anything is written.
 */
class TeamsRenewFunctionTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  private static final String URL = "https://hooks.example.com/v1/acme/sources/teams";
  private static final String CLIENT_STATE = "client-state-for-tests";

  @TempDir Path dir;
  private VendorFakes fakes;
  private FileSystemBlobStore store;
  private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Logger log = Logger.getLogger(TeamsRenewEntry.class.getName());
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void start() {
    fakes = new VendorFakes(new byte[1]);
    store = new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
    log.addHandler(capture);
  }

  @AfterEach
  void stop() {
    log.removeHandler(capture);
    fakes.server.close();
  }

  private String declaration(boolean teams) {
    String options =
        teams
            ? ", \"options\": {\"fetch_media\": {\"teams\": {\"tenant_id\": \""
                + VendorFakes.TENANT
                + "\", \"client_id\": \""
                + VendorFakes.CLIENT
                + "\", \"client_secret_ref\": \"env:GRAPH_SECRET\"}}}"
            : "";
    return "{\"name\": \"meetings\", \"stages\": [{\"name\": \"ingest\", \"function\": \"ingest\""
        + options
        + "}]}";
  }

  private TeamsRenewEntry entry(boolean teams, String secret) {
    Map<String, String> settings =
        Map.of("conserver.tenant", "acme", "conserver.teams-client-state-ref", "env:CLIENT_STATE");
    Map<String, String> env = Map.of("GRAPH_SECRET", secret, "CLIENT_STATE", CLIENT_STATE);
    String json = declaration(teams);
    return new TeamsRenewEntry(
        new FunctionSettings(name -> Optional.ofNullable(settings.get(name))),
        () -> PipelineParser.parse(json.getBytes(StandardCharsets.UTF_8), "test"),
        store,
        new SecretRefs(env::get, k -> null),
        endpoints());
  }

  private VendorEndpoints endpoints() {
    return VendorEndpoints.forTests(
        fakes.server.base(), fakes.server.clientContext(), waits::add, clock);
  }

  private Subscription subscribed() throws Exception {
    JsonNode app =
        PipelineParser.parse(declaration(true).getBytes(StandardCharsets.UTF_8), "test")
            .stages()
            .get(0)
            .options()
            .path("fetch_media")
            .path("teams");
    SecretRefs refs = new SecretRefs(Map.of("GRAPH_SECRET", VendorFakes.SECRET)::get, k -> null);
    return new TeamsSubscriptionKeeper(store, new TeamsSubscriptions(app, refs, endpoints()), clock)
        .subscribe(URL, CLIENT_STATE);
  }

  private void at(Instant now) {
    clock = Clock.fixed(now, ZoneOffset.UTC);
    fakes.graphNow = now;
  }

  private static byte[] tick(String tenant) {
    return ("{\"tenant\": \"" + tenant + "\", \"reason\": \"schedule\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private String savedState() {
    return new String(
        store.getBytes(TeamsSubscriptionKeeper.STATE, 1 << 20), StandardCharsets.UTF_8);
  }

  @Test
  void aTick_renewsWhatIsDue_logsOneLine_andARepeatedTickRenewsNothing() throws Exception {
    Subscription s = subscribed();
    at(NOW.plus(Duration.ofMinutes(40))); // 15 minutes left: within the 20-minute horizon

    ObjectNode first = entry(true, VendorFakes.SECRET).handle(tick("acme"), Map.of());

    assertThat(first.toString())
        .isEqualTo("{\"renewed\":1,\"recreated\":0,\"failed\":0,\"not_due\":0}");
    Instant renewed = NOW.plus(Duration.ofMinutes(40)).plus(TeamsSubscriptions.LIFETIME);
    assertThat(fakes.subscriptions.get(s.id()).get("expirationDateTime").asText())
        .isEqualTo(renewed.toString());
    assertThat(logged).hasSize(1);
    String line = logged.get(0).getMessage();
    assertThat(line)
        .isEqualTo("teams renew, tenant acme: 1 renewed, 0 re-created, 0 failed, 0 not due")
        .doesNotContain(CLIENT_STATE)
        .doesNotContain(VendorFakes.SECRET)
        .doesNotContain("token");

    // The same tick again (a retry, a second scheduler): nothing is due any more.
    ObjectNode second = entry(true, VendorFakes.SECRET).handle(tick("acme"), Map.of());
    assertThat(second.path("renewed").asInt()).isZero();
    assertThat(second.path("not_due").asInt()).isEqualTo(1);
    assertThat(savedState()).contains(renewed.toString()).doesNotContain(CLIENT_STATE);
  }

  @Test
  void aSubscriptionGraphRemoved_isReCreatedWithTheClientState() throws Exception {
    Subscription s = subscribed();
    store.putBytes(
        TeamsSubscriptionKeeper.LIFECYCLE + s.id(),
        "{\"lifecycleEvent\": \"subscriptionRemoved\"}".getBytes(StandardCharsets.UTF_8),
        PutOptions.JSON);

    ObjectNode done = entry(true, VendorFakes.SECRET).handle(tick("acme"), Map.of());

    assertThat(done.path("recreated").asInt()).isEqualTo(1);
    // The fake answers 400 to a creation without clientState: the reference was resolved.
    assertThat(fakes.subscriptions).hasSize(2);
    assertThat(savedState()).doesNotContain(s.id()).doesNotContain(CLIENT_STATE);
    assertThat(store.list(TeamsSubscriptionKeeper.LIFECYCLE)).isEmpty();
  }

  @Test
  void graphRefusing_failsTheInvocation_keepsTheSubscription_andTheNextTickRenewsIt()
      throws Exception {
    Subscription s = subscribed();
    at(NOW.plus(Duration.ofMinutes(45)));
    fakes.subscriptionsThrottled.set(3); // every in-process attempt throttled

    assertThatThrownBy(() -> entry(true, VendorFakes.SECRET).handle(tick("acme"), Map.of()))
        .isInstanceOf(TeamsRenewEntry.RenewalFailedException.class)
        .hasMessageStartingWith("teams renew, tenant acme: 0 renewed, 0 re-created, 1 failed")
        .hasMessageContaining("429");
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0).getLevel()).isEqualTo(java.util.logging.Level.SEVERE);
    assertThat(savedState()).contains(s.expires().toString());

    ObjectNode retried = entry(true, VendorFakes.SECRET).handle(tick("acme"), Map.of());
    assertThat(retried.path("renewed").asInt()).isEqualTo(1);
  }

  @Test
  void refusedCredentials_areAConfigurationError_withNothingWritten() throws Exception {
    Subscription s = subscribed();
    at(NOW.plus(Duration.ofMinutes(45)));
    String before = savedState();

    assertThatThrownBy(() -> entry(true, "a-wrong-secret").handle(tick("acme"), Map.of()))
        .isInstanceOf(StageMisconfiguredException.class)
        .hasMessageContaining("options.fetch_media.teams")
        .hasMessageNotContaining("a-wrong-secret");
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0).getMessage()).contains("not run").doesNotContain("a-wrong-secret");
    assertThat(savedState()).isEqualTo(before);
    assertThat(fakes.subscriptions.get(s.id()).get("expirationDateTime").asText())
        .isEqualTo(s.expires().toString());
  }

  @Test
  void aDeclarationWithoutTeams_anotherTenantsTick_orAnObjectNotification_isRefused() {
    assertThatThrownBy(() -> entry(false, VendorFakes.SECRET).handle(tick("acme"), Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "pipeline 'meetings' declares no options.fetch_media.teams on its ingest stage:"
                + " nothing to renew with");
    assertThatThrownBy(() -> entry(true, VendorFakes.SECRET).handle(tick("globex"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("globex");
    byte[] objectNotification =
        "{\"bucket\": \"acme-vcons\", \"name\": \"inbox/default/a.vcon.json\"}"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> entry(true, VendorFakes.SECRET).handle(objectNotification, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a schedule tick");
  }
}
