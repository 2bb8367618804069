package io.conserver.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.ingest.sources.TwilioSignature;
import io.conserver.functions.ingest.sources.ZoomSignature;
import io.conserver.local.config.LocalConfig;
import io.conserver.vcon.VconJson;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The source webhooks through the real server: signatures computed the way each source documents
 * them, with secrets configured by reference for tenant acme in config.json.
 */
@QuarkusTest
@WithTestResource(ServerTestResource.class)
class SourceWebhookTest {
  private static final String TWILIO_TOKEN = "twilio-test-auth-token";
  private static final String ZOOM_SECRET = "zoom-test-secret-token";
  private static final String GENESYS_SECRET = "genesys-test-secret";
  private static final String TEAMS_CLIENT_STATE = "teams-client-state-for-samples";
  private static final String PUBLIC_URL = "https://hooks.example.com/v1/acme/sources/twilio";
  private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();

  private static Path data() {
    return Path.of(System.getProperty(ServerTestResource.DATA));
  }

  private static Path inbox() {
    return data().resolve("acme/bucket/inbox/default");
  }

  @BeforeEach
  void configureWebhooks() throws Exception {
    System.setProperty("test.twilio-token", TWILIO_TOKEN);
    System.setProperty("test.zoom-secret", ZOOM_SECRET);
    Path keys = Files.createDirectories(data().resolve("acme/keys"));
    Files.writeString(keys.resolve("genesys-webhook-secret"), GENESYS_SECRET);
    Path file = LocalConfig.file(data());
    ObjectNode config = (ObjectNode) VconJson.codec().read(Files.readAllBytes(file));
    ObjectNode webhooks = ((ObjectNode) config.path("tenants").path("acme")).putObject("webhooks");
    webhooks
        .putObject("twilio")
        .put("auth_token_ref", "config:test.twilio-token")
        .put("url", PUBLIC_URL);
    webhooks.putObject("zoom").put("secret_token_ref", "config:test.zoom-secret");
    webhooks.putObject("genesys").put("secret_ref", "keys:genesys-webhook-secret");
    System.setProperty("test.teams-client-state", TEAMS_CLIENT_STATE);
    webhooks.putObject("teams").put("client_state_ref", "config:test.teams-client-state");
    // Atomically, as the CLI does: the server's key reloader must never see half a file.
    Path temp = Files.createTempFile(data(), "config-", ".tmp");
    Files.write(temp, VconJson.codec().write(config));
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String twilioForm() throws Exception {
    return Files.readString(REPO.resolve("events/sources/twilio-recording-callback.form")).strip();
  }

  private static Map<String, String> params(String form) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  @Test
  void twilioCallback_withItsSignature_landsInTheInbox_andIngestConvertsIt() throws Exception {
    String form = twilioForm();
    String signature = new TwilioSignature(TWILIO_TOKEN).expected(PUBLIC_URL, params(form));

    given()
        .header("X-Twilio-Signature", signature)
        .contentType("application/x-www-form-urlencoded")
        .body(form)
        .post("/v1/acme/sources/twilio")
        .then()
        .statusCode(200)
        .body("status", equalTo("accepted"))
        .body("inbox", equalTo("inbox/default/twilio-RE99887766554433221100ffeeddccbbaa.form"));
    // The same callback again (Twilio retries): nothing new.
    given()
        .header("X-Twilio-Signature", signature)
        .contentType("application/x-www-form-urlencoded")
        .body(form)
        .post("/v1/acme/sources/twilio")
        .then()
        .statusCode(200)
        .body("status", equalTo("repeated"));

    Path ingested = data().resolve("acme/bucket/vcons/default/ingest");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> containsRecordingSid(ingested, "RE99887766554433221100ffeeddccbbaa"));
  }

  @Test
  void twilioCallback_withAWrongSignature_is403_andNothingIsWritten() throws Exception {
    String form = twilioForm().replace("RecordingDuration=42", "RecordingDuration=43");
    String signature = new TwilioSignature(TWILIO_TOKEN).expected(PUBLIC_URL, params(twilioForm()));

    given()
        .header("X-Twilio-Signature", signature)
        .contentType("application/x-www-form-urlencoded")
        .body(form.replace("RE99887766554433221100ffeeddccbbaa", "REforged"))
        .post("/v1/acme/sources/twilio")
        .then()
        .statusCode(403)
        .contentType(Problem.MEDIA_TYPE)
        .body("type", equalTo("https://conserver.io/problems/bad-signature"));
    assertThat(inbox().resolve("twilio-REforged.form")).doesNotExist();
  }

  @Test
  void zoomUrlValidation_isAnswered_withTheEncryptedToken() {
    ZoomSignature zoom = new ZoomSignature(ZOOM_SECRET, ZoomSignature.DEFAULT_TOLERANCE);
    String body =
        "{\"payload\":{\"plainToken\":\"qgg8vlvZRS6UYooatFL8Aw\"},\"event_ts\":1654503849680,\"event\":\"endpoint.url_validation\"}";
    String ts = Long.toString(Instant.now().getEpochSecond());

    given()
        .header("x-zm-request-timestamp", ts)
        .header("x-zm-signature", zoom.expected(ts, body.getBytes(StandardCharsets.UTF_8)))
        .contentType("application/json")
        .body(body)
        .post("/v1/acme/sources/zoom")
        .then()
        .statusCode(200)
        .body("plainToken", equalTo("qgg8vlvZRS6UYooatFL8Aw"))
        .body("encryptedToken", equalTo(zoom.urlValidationToken("qgg8vlvZRS6UYooatFL8Aw")));
  }

  @Test
  void zoomRecordingCompleted_signed_landsInTheInbox_aStaleOrForgedOneDoesNot() throws Exception {
    ZoomSignature zoom = new ZoomSignature(ZOOM_SECRET, ZoomSignature.DEFAULT_TOLERANCE);
    byte[] body = Files.readAllBytes(REPO.resolve("events/sources/zoom-recording-completed.json"));
    String now = Long.toString(Instant.now().getEpochSecond());
    String stale = Long.toString(Instant.now().minusSeconds(600).getEpochSecond());

    given()
        .header("x-zm-request-timestamp", stale)
        .header("x-zm-signature", zoom.expected(stale, body))
        .contentType("application/json")
        .body(body)
        .post("/v1/acme/sources/zoom")
        .then()
        .statusCode(401)
        .body("detail", startsWith("x-zm-signature does not match"));
    given()
        .header("x-zm-request-timestamp", now)
        .header("x-zm-signature", "v0=" + "0".repeat(64))
        .contentType("application/json")
        .body(body)
        .post("/v1/acme/sources/zoom")
        .then()
        .statusCode(401);
    assertThat(zoomDrops()).isZero();

    given()
        .header("x-zm-request-timestamp", now)
        .header("x-zm-signature", zoom.expected(now, body))
        .contentType("application/json")
        .body(body)
        .post("/v1/acme/sources/zoom")
        .then()
        .statusCode(200)
        .body("status", equalTo("accepted"));
    assertThat(zoomDrops()).isEqualTo(1);
  }

  @Test
  void genesysRecord_checkedWithXHubSignature256() throws Exception {
    byte[] body =
        Files.readAllBytes(REPO.resolve("events/sources/genesys-conversation-detail.json"));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(GENESYS_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature = "sha256=" + java.util.Base64.getEncoder().encodeToString(mac.doFinal(body));

    given()
        .header("X-Hub-Signature-256", "sha256=AAAA")
        .contentType("application/json")
        .body(body)
        .post("/v1/acme/sources/genesys")
        .then()
        .statusCode(401)
        .contentType(Problem.MEDIA_TYPE);
    given()
        .header("X-Hub-Signature-256", signature)
        .contentType("application/json")
        .body(body)
        .post("/v1/acme/sources/genesys")
        .then()
        .statusCode(200)
        .body("inbox", startsWith("inbox/default/genesys-"));
  }

  @Test
  void teamsValidationHandshake_echoesTheToken_asPlainText() {
    given()
        .contentType("text/plain")
        .queryParam("validationToken", "Validation: Testing client application reachability")
        .post("/v1/acme/sources/teams")
        .then()
        .statusCode(200)
        .contentType(startsWith("text/plain"))
        .body(equalTo("Validation: Testing client application reachability"));
  }

  @Test
  void teamsNotifications_areCheckedByClientState_andStoredWithoutIt() throws Exception {
    String body = Files.readString(REPO.resolve("events/graph/change-notification.json"));

    given()
        .contentType("application/json")
        .body(body.replace(TEAMS_CLIENT_STATE, "guessed-client-state"))
        .post("/v1/acme/sources/teams")
        .then()
        .statusCode(401)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", startsWith("clientState does not match"));
    assertThat(drops("teams-")).isZero();

    given()
        .contentType("application/json")
        .body(body)
        .post("/v1/acme/sources/teams")
        .then()
        .statusCode(202)
        .body("status", equalTo("accepted"))
        .body("inbox[0]", startsWith("inbox/default/teams-"));
    given()
        .contentType("application/json")
        .body(body)
        .post("/v1/acme/sources/teams")
        .then()
        .statusCode(202)
        .body("repeated[0]", startsWith("inbox/default/teams-"));
    assertThat(drops("teams-")).isEqualTo(1);
    try (Stream<Path> files = Files.list(inbox())) {
      Path drop =
          files.filter(f -> f.getFileName().toString().startsWith("teams-")).findFirst().get();
      assertThat(Files.readString(drop))
          .contains("recordings('VjIjIzFh")
          .doesNotContain(TEAMS_CLIENT_STATE);
    }
  }

  @Test
  void teamsLifecycleNotifications_areAcknowledged_andMalformedBodiesRefused() throws IOException {
    given()
        .contentType("application/json")
        .body(
            "{\"value\":[{\"subscriptionId\":\"10493aa0-4d29-4df5-bc0c-ef742cc6cd7f\","
                + "\"lifecycleEvent\":\"reauthorizationRequired\",\"clientState\":\""
                + TEAMS_CLIENT_STATE
                + "\",\"tenantId\":\"bb8775a4-4d8c-42cf-a1d4-4d58c2bb668f\"}]}")
        .post("/v1/acme/sources/teams")
        .then()
        .statusCode(202)
        .body("lifecycle[0]", equalTo("reauthorizationRequired"));
    Path marker =
        data().resolve("acme/bucket/sources/teams/lifecycle/10493aa0-4d29-4df5-bc0c-ef742cc6cd7f");
    assertThat(Files.readString(marker))
        .contains("\"lifecycleEvent\":\"reauthorizationRequired\"")
        .doesNotContain(TEAMS_CLIENT_STATE);
    given()
        .contentType("application/json")
        .body(
            "{\"value\":[{\"subscriptionId\":\"10493aa0-4d29-4df5-bc0c-ef742cc6cd7f\","
                + "\"changeType\":\"deleted\",\"clientState\":\""
                + TEAMS_CLIENT_STATE
                + "\",\"resource\":\"communications/onlineMeetings('M1')/recordings('R1')\"}]}")
        .post("/v1/acme/sources/teams")
        .then()
        .statusCode(202)
        .body("ignored[0]", equalTo("changeType deleted"));
    given()
        .contentType("application/json")
        .body("{\"value\": {}}")
        .post("/v1/acme/sources/teams")
        .then()
        .statusCode(422)
        .contentType(Problem.MEDIA_TYPE);
    given()
        .contentType("application/json")
        .body("[not json")
        .post("/v1/acme/sources/teams")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE);
  }

  @Test
  void aSourceTheTenantHasNotConfigured_is404() {
    given()
        .header("X-Hub-Signature-256", "sha256=AAAA")
        .contentType("application/json")
        .body("{}")
        .post("/v1/globex/sources/genesys")
        .then()
        .statusCode(404)
        .contentType(Problem.MEDIA_TYPE);
  }

  private static long zoomDrops() throws Exception {
    return drops("zoom-");
  }

  private static long drops(String prefix) throws Exception {
    if (!Files.isDirectory(inbox())) {
      return 0;
    }
    try (Stream<Path> files = Files.list(inbox())) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix)).count();
    }
  }

  private static boolean containsRecordingSid(Path dir, String sid) throws Exception {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> read(f).contains(sid));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
