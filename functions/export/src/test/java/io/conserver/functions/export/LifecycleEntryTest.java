package io.conserver.functions.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.erase.HandoffErase;
import io.conserver.platform.erase.ReceiptSigner;
import io.conserver.platform.funqy.FunctionSettings;
import io.conserver.platform.lifecycle.LifecycleRuns;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretValueResolver;
import io.conserver.platform.secrets.SecretValues;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.testing.RepoPaths;
import io.conserver.vcon.VconJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle function's work for a tick, configured as Terraform configures the deployment. */
class LifecycleEntryTest {
  static final Instant NOW = Instant.parse("2026-11-27T03:00:05Z");
  static final String COPY = "vcons/calls/ingest/019f15a6-a752-826f-b9a2-279e0d16bc46.vcon.json";
  static final String FRESH = "vcons/calls/ingest/019f1b2c-3d4e-8f60-8a1b-2c3d4e5f6a7b.vcon.json";

  @TempDir Path dir;
  private FileSystemBlobStore store;
  private KeyPair keys;
  private Map<String, String> settings;

  @BeforeEach
  void setUp() throws Exception {
    store = new FileSystemBlobStore("conserver-acme", dir.resolve("b"), dir.resolve("m"));
    keys = ReceiptSigner.generateKeyPair();
    settings =
        Map.of(
            "conserver.tenant",
            "acme",
            "conserver.pipelines-json",
            "[{\"name\":\"calls\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\"}],"
                + "\"retention_days\":{\"ingest\":30}}]",
            "conserver.party-index-key",
            Base64.getEncoder().encodeToString(new byte[32]),
            "conserver.receipt-key",
            pem(keys));
    for (String key : new String[] {COPY, FRESH}) {
      store.putBytes(
          key,
          ("{\"uuid\":\"" + key.substring(19, 55) + "\",\"vcon\":\"0.3.0\",\"parties\":[]}")
              .getBytes(StandardCharsets.UTF_8),
          PutOptions.JSON);
    }
    Files.setLastModifiedTime(
        dir.resolve("b").resolve(COPY), FileTime.from(NOW.minus(Duration.ofDays(31))));
  }

  private LifecycleEntry entry() {
    return new LifecycleEntry(
        new FunctionSettings(name -> Optional.ofNullable(settings.get(name))),
        store,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /**
   * A secret store holding the PEM under {@code store:receipt} (AWS's is tested in platform-aws).
   */
  private LifecycleEntry entryWithSecretStore() {
    SecretValueResolver secretStore =
        new SecretValueResolver() {
          @Override
          public boolean claims(String value) {
            return value.startsWith("store:");
          }

          @Override
          public String form() {
            return "store:NAME";
          }

          @Override
          public String resolve(String setting, String reference) {
            return pem(keys);
          }
        };
    return new LifecycleEntry(
        new FunctionSettings(name -> Optional.ofNullable(settings.get(name))),
        store,
        Clock.fixed(NOW, ZoneOffset.UTC),
        new SecretValues(List.of(secretStore)));
  }

  private static String pem(KeyPair keys) {
    Base64.Encoder mime = Base64.getMimeEncoder(64, new byte[] {'\n'});
    return "-----BEGIN PRIVATE KEY-----\n"
        + mime.encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n-----BEGIN PUBLIC KEY-----\n"
        + mime.encodeToString(keys.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  @Test
  void anEventBridgeTick_expiresWhatIsDueAndSignsTheReceiptWithTheConfiguredKey() throws Exception {
    byte[] tick =
        Files.readAllBytes(RepoPaths.resolve("events/schedule/eventbridge-scheduled-event.json"));

    ObjectNode summary = entry().handle(tick, Map.of());

    assertThat(store.head(COPY)).isEmpty();
    assertThat(store.head(FRESH)).isPresent();
    assertThat(summary.path("tick").path("source").asText())
        .isEqualTo("eventbridge-scheduled-event");
    String jws = new LifecycleRuns(store).receipt(LifecycleRuns.runId(NOW)).orElseThrow();
    assertThat(ReceiptSigner.verify(jws, (ECPublicKey) keys.getPublic()).valid()).isTrue();
  }

  @Test
  void aTick_answersTheEraseRequestsAHybridTenantsPremisesHandedToThisBucket() throws Exception {
    String uuid = FRESH.substring(19, 55);
    String request = HandoffErase.requestKey("calls", "hybrid-onprem", uuid);
    store.putBytes(
        request,
        ("{\"type\":\"conserver-handoff-erase-request/1\",\"conversation\":\""
                + uuid
                + "\",\"requested_by\":\"er-20261127T010000Z-0123abcd\"}")
            .getBytes(StandardCharsets.UTF_8),
        PutOptions.JSON);
    byte[] tick =
        Files.readAllBytes(RepoPaths.resolve("events/schedule/eventbridge-scheduled-event.json"));

    ObjectNode summary = entry().handle(tick, Map.of());

    assertThat(store.head(FRESH)).as("erased by the request, not due for expiry").isEmpty();
    assertThat(summary.path("erase_requests_resumed")).hasSize(1);
    JsonNode answer =
        VconJson.codec()
            .read(store.getBytes(HandoffErase.answerKey("calls", "hybrid-onprem", uuid), 1 << 20));
    assertThat(answer.path("outcome").asText()).isEqualTo("erased");
    assertThat(answer.path("requested_by").asText()).isEqualTo("er-20261127T010000Z-0123abcd");
    assertThat(
            ReceiptSigner.verify(answer.path("receipt").asText(), (ECPublicKey) keys.getPublic())
                .valid())
        .isTrue();
  }

  @Test
  void aReceiptKeyGivenByReference_isFetchedFromTheSecretStore_andSignsTheReceipt()
      throws Exception {
    byte[] tick =
        Files.readAllBytes(RepoPaths.resolve("events/schedule/eventbridge-scheduled-event.json"));
    settings = new java.util.HashMap<>(settings);
    settings.put("conserver.receipt-key", "store:receipt");

    entryWithSecretStore().handle(tick, Map.of());

    String jws = new LifecycleRuns(store).receipt(LifecycleRuns.runId(NOW)).orElseThrow();
    assertThat(ReceiptSigner.verify(jws, (ECPublicKey) keys.getPublic()).valid()).isTrue();
  }

  @Test
  void aReceiptKeyThatIsNeitherPemNorAReference_isAConfigurationError_withNothingDeleted()
      throws Exception {
    byte[] tick =
        Files.readAllBytes(RepoPaths.resolve("events/schedule/eventbridge-scheduled-event.json"));
    settings = new java.util.HashMap<>(settings);
    settings.put("conserver.receipt-key", "MIGHAgEAMBMGByqGSM49");

    assertThatThrownBy(() -> entryWithSecretStore().handle(tick, Map.of()))
        .isInstanceOf(SecretReferenceException.class)
        .hasMessageStartingWith("conserver.receipt-key holds neither")
        .hasMessageNotContaining("MIGHAgEAMBMGByqGSM49");
    assertThat(store.head(COPY)).isPresent();
  }

  @Test
  void aPubSubTickForThisTenant_runs_andOneForAnotherTenantIsRefusedWithNothingDeleted()
      throws Exception {
    byte[] tick =
        Files.readAllBytes(RepoPaths.resolve("events/schedule/cloudevent-pubsub-data.json"));
    settings = new java.util.HashMap<>(settings);
    settings.put("conserver.tenant", "globex");

    assertThatThrownBy(() -> entry().handle(tick, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'acme'");
    assertThat(store.head(COPY)).isPresent();

    settings.put("conserver.tenant", "acme");
    assertThat(entry().handle(tick, Map.of()).path("status").asText()).isEqualTo("done");
    assertThat(store.head(COPY)).isEmpty();
  }
}
