package io.conserver.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.conserver.local.config.LocalConfig;
import io.conserver.local.runtime.LocalTenant;
import io.conserver.platform.storage.PutOptions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The HTTP API over real HTTP on loopback, against a fresh data directory. */
@QuarkusTest
@WithTestResource(ServerTestResource.class)
class VconApiTest {
  private static final Duration STAGE_TIMEOUT = Duration.ofSeconds(20);
  private static final String PHONE = "+15551234567";

  private static String acmeKey() {
    return System.getProperty(ServerTestResource.ACME_KEY);
  }

  private static String globexKey() {
    return System.getProperty(ServerTestResource.GLOBEX_KEY);
  }

  private static Path data() {
    return Path.of(System.getProperty(ServerTestResource.DATA));
  }

  private static Path bucket(String tenant) {
    return data().resolve(tenant).resolve("bucket");
  }

  /** A small valid vCon (about 500 bytes), like the ones a contact-center export sends. */
  static String vcon(String uuid, String subject) {
    return "{\"uuid\":\""
        + uuid
        + "\",\"created_at\":\"2026-11-23T08:00:00.000Z\",\"subject\":\""
        + subject
        + "\",\"parties\":[{\"tel\":\""
        + PHONE
        + "\",\"name\":\"Alice\"},{\"mailto\":\"bob@example.com\",\"name\":\"Bob\"}],"
        + "\"dialog\":[{\"type\":\"text\",\"start\":\"2026-11-23T08:00:00.000Z\","
        + "\"parties\":[0,1],\"originator\":0,\"mediatype\":\"text/plain\","
        + "\"body\":\"Hello, I would like to check my order.\",\"encoding\":\"none\"}]}";
  }

  private static Response post(String tenant, String key, String body) {
    return given()
        .header("Authorization", "Bearer " + key)
        .contentType("application/json")
        .body(body)
        .post("/v1/" + tenant + "/vcons");
  }

  /** Waits for the default pipeline's last stage (export), so every stage has run. */
  private static void awaitStage(String tenant, String uuid) {
    Path output = bucket(tenant).resolve("vcons/default/export/" + uuid + ".vcon.json");
    await()
        .atMost(STAGE_TIMEOUT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> Files.exists(output));
  }

  @Test
  void post_isAccepted_landsInTheInbox_andTheRuntimeIngestsIt() throws Exception {
    String uuid = UUID.randomUUID().toString();
    String body = vcon(uuid, "accepted");

    post("acme", acmeKey(), body)
        .then()
        .statusCode(202)
        .header("Location", containsString("/v1/acme/vcons/" + uuid))
        .body("uuid", equalTo(uuid))
        .body("status", equalTo("accepted"))
        .body("location", equalTo("/v1/acme/vcons/" + uuid));

    Path inbox = bucket("acme").resolve("inbox/default/" + uuid + ".vcon.json");
    assertThat(inbox).exists();
    assertThat(Files.readString(inbox)).isEqualTo(body); // stored byte for byte
    awaitStage("acme", uuid);

    given()
        .header("Authorization", "Bearer " + acmeKey())
        .get("/v1/acme/vcons/" + uuid)
        .then()
        .statusCode(200)
        .header("Conserver-Stage", "export")
        // The default pipeline redacts before export: the furthest copy is the redacted one, with
        // its own derived uuid, pointing at the submitted vCon.
        .body(
            "uuid",
            equalTo(
                io.conserver.vcon.VconUuid.derive(UUID.fromString(uuid), "redacted").toString()))
        .body("redacted.uuid", equalTo(uuid))
        .body("subject", equalTo("accepted"));
  }

  @Test
  void get_ofAConversationNoStageWrote_returnsTheInboxCopy() throws Exception {
    // Dropped by another process, unchecked: the ingest stage quarantines it (its dialog names a
    // party that does not exist), so the inbox copy is the only one there will ever be.
    byte[] broken =
        Files.readAllBytes(
            Path.of("../../events/conversations/malformed-party-reference.vcon.json"));
    String uuid = UUID.randomUUID().toString();
    byte[] drop =
        new String(broken, StandardCharsets.UTF_8)
            .replace("019f1d11-0000-8000-8000-000000000bad", uuid)
            .getBytes(StandardCharsets.UTF_8);
    new LocalTenant(data(), "acme")
        .store()
        .putBytes("inbox/default/" + uuid + ".vcon.json", drop, PutOptions.JSON);

    // Only an original is stored: a key that reads redacted copies only is refused it.
    given()
        .header("Authorization", "Bearer " + acmeKey())
        .get("/v1/acme/vcons/" + uuid)
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("https://conserver.io/problems/not-redacted"));
    given()
        .header("Authorization", "Bearer " + System.getProperty(ServerTestResource.ACME_ALL_KEY))
        .get("/v1/acme/vcons/" + uuid)
        .then()
        .statusCode(200)
        .header("Conserver-Stage", "inbox")
        .body("uuid", equalTo(uuid));
  }

  @Test
  void repost_ofTheSameBytes_isAcceptedAgain_butOtherContentUnderTheUuidIsAConflict() {
    String uuid = UUID.randomUUID().toString();
    String body = vcon(uuid, "first");
    post("acme", acmeKey(), body).then().statusCode(202);

    post("acme", acmeKey(), body).then().statusCode(202).body("uuid", equalTo(uuid));

    post("acme", acmeKey(), vcon(uuid, "changed"))
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("status", equalTo(409))
        .body("type", startsWith("https://"))
        .body("title", equalTo("Conflict"))
        .body("detail", containsString(uuid));
  }

  @Test
  void malformedJson_is422_withTheParseMessageAtTheDocument() {
    post("acme", acmeKey(), "{\"uuid\": ")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors[0].pointer", equalTo("(document)"))
        .body("errors[0].code", equalTo("parse"))
        .body("errors[0].message", containsString("line 1"));
  }

  @Test
  void invalidVcon_is422_withTheValidatorsPointers() throws Exception {
    byte[] broken =
        Files.readAllBytes(
            Path.of("../../events/conversations/malformed-party-reference.vcon.json"));

    given()
        .header("Authorization", "Bearer " + acmeKey())
        .contentType("application/vcon+json")
        .body(broken)
        .post("/v1/acme/vcons")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("title", equalTo("Invalid vCon"))
        .body("errors.pointer", hasItem("/dialog/0/parties/1"))
        .body("errors.code", hasItem(matchesPattern("[a-z.]+")));
    assertThat(
            bucket("acme").resolve("inbox/default/019f1d11-0000-8000-8000-000000000bad.vcon.json"))
        .doesNotExist();
  }

  @Test
  void vconWithoutUuid_is422() {
    String withoutUuid = vcon("x", "no id").replace("\"uuid\":\"x\",", "");
    post("acme", acmeKey(), withoutUuid)
        .then()
        .statusCode(422)
        .body("errors[0].pointer", equalTo("/uuid"));
  }

  @Test
  void oversizeBody_is413() {
    String uuid = UUID.randomUUID().toString();
    String padded = vcon(uuid, "x".repeat(70 * 1024)); // the test limit is 64 KiB
    post("acme", acmeKey(), padded)
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("detail", containsString("65536"));
    assertThat(bucket("acme").resolve("inbox/default/" + uuid + ".vcon.json")).doesNotExist();
  }

  @Test
  void oversizeDeclaredLength_is413_beforeTheBodyIsSent() throws Exception {
    URI base = URI.create(RestAssured.baseURI + ":" + RestAssured.port);
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/acme/vcons HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + acmeKey()
                  + "\r\nContent-Type: application/json\r\nContent-Length: 500000000\r\n\r\n{")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // Only one byte of the announced 500 MB was sent: the answer must not wait for the rest.
      String head = readHead(socket.getInputStream());
      assertThat(head).startsWith("HTTP/1.1 413");
    }
  }

  @Test
  void oversizeChunkedBody_is413_withoutALength() throws Exception {
    URI base = URI.create(RestAssured.baseURI + ":" + RestAssured.port);
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/acme/vcons HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + acmeKey()
                  + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
      try {
        for (int i = 0; i < 10; i++) { // 80 KiB against the test limit of 64 KiB
          out.write(("2000\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (java.io.IOException closedEarly) {
        // the server may answer and close before the body ends: that is the point
      }
      assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 413");
    }
  }

  private static String readHead(InputStream in) throws Exception {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      if (head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        break;
      }
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Test
  void missingOrInvalidKey_is401_withABearerChallenge() {
    given()
        .contentType("application/json")
        .body(vcon(UUID.randomUUID().toString(), "no key"))
        .post("/v1/acme/vcons")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", startsWith("Bearer"))
        .contentType("application/problem+json");

    post("acme", "cs_not-a-real-key", vcon(UUID.randomUUID().toString(), "bad key"))
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("invalid_token"));

    given()
        .header("Authorization", "Basic " + acmeKey())
        .get("/v1/acme/vcons?party=tel:" + PHONE)
        .then()
        .statusCode(401);
  }

  @Test
  void anotherTenantsKey_is403() {
    post("acme", globexKey(), vcon(UUID.randomUUID().toString(), "wrong tenant"))
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    given()
        .header("Authorization", "Bearer " + acmeKey())
        .get("/v1/globex/vcons/" + UUID.randomUUID())
        .then()
        .statusCode(403);
  }

  @Test
  void unknownUuid_is404_andMalformedIdsAndNamesAreRefused() {
    given()
        .header("Authorization", "Bearer " + acmeKey())
        .get("/v1/acme/vcons/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404));
    given()
        .header("Authorization", "Bearer " + acmeKey())
        .get("/v1/acme/vcons/not-a-uuid")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .header("Authorization", "Bearer " + acmeKey())
        .get("/v1/Acme_Corp/vcons/" + UUID.randomUUID())
        .then()
        .statusCode(404);
    post("acme", acmeKey(), vcon(UUID.randomUUID().toString(), "pipeline")).then().statusCode(202);
    given()
        .header("Authorization", "Bearer " + acmeKey())
        .contentType("application/json")
        .body(vcon(UUID.randomUUID().toString(), "nowhere"))
        .post("/v1/acme/vcons?pipeline=no-such-pipeline")
        .then()
        .statusCode(404)
        .body("detail", containsString("no-such-pipeline"));
    given()
        .get("/v1/acme/nothing-here")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void partyQuery_findsTheConversation_onceIngested() {
    String uuid = UUID.randomUUID().toString();
    post("globex", globexKey(), vcon(uuid, "find me")).then().statusCode(202);
    awaitStage("globex", uuid);
    // Each stage indexes parties just after writing its output: wait for the index, not a file.
    await()
        .atMost(STAGE_TIMEOUT)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                given()
                    .header("Authorization", "Bearer " + globexKey())
                    .queryParam("party", "tel:" + PHONE)
                    .get("/v1/globex/vcons")
                    .then()
                    .extract()
                    .jsonPath()
                    .getList("vcons", String.class)
                    .contains(uuid));

    given()
        .header("Authorization", "Bearer " + globexKey())
        .queryParam("party", "tel:" + PHONE)
        .get("/v1/globex/vcons")
        .then()
        .statusCode(200)
        .body("vcons", hasItem(uuid))
        .body("party_hmac", matchesPattern("[0-9a-f]{64}"));
    // The same person written another way finds the same conversations (normalised identifiers).
    given()
        .header("Authorization", "Bearer " + globexKey())
        .queryParam("party", "mailto:Bob@Example.com")
        .get("/v1/globex/vcons")
        .then()
        .statusCode(200)
        .body("vcons", hasItem(uuid));
    given()
        .header("Authorization", "Bearer " + globexKey())
        .queryParam("party", "fax:123")
        .get("/v1/globex/vcons")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void multipartRecording_isAccepted_underTheUuidItNames_andBecomesAVcon() throws Exception {
    byte[] mp3 = Files.readAllBytes(Path.of("../../events/conversations/recorded-call.mp3"));
    String uuid = UUID.randomUUID().toString();
    String metadata =
        "{\"uuid\":\""
            + uuid
            + "\",\"subject\":\"uploaded call\",\"parties\":[{\"tel\":\"+15550001111\",\"name\":\"Uma\"}]}";

    given()
        .header("Authorization", "Bearer " + acmeKey())
        .multiPart("audio", "call.mp3", mp3, "audio/mpeg")
        .multiPart("metadata", metadata, "application/json")
        .post("/v1/acme/vcons")
        .then()
        .statusCode(202)
        .body("uuid", equalTo(uuid))
        .header("Location", containsString("/v1/acme/vcons/" + uuid));
    // Ingest is what this checks; transcribing the 33 s call comes after (and takes longer than
    // STAGE_TIMEOUT on a busy machine), covered by the transcribe stage's own tests.
    Path ingested = bucket("acme").resolve("vcons/default/ingest/" + uuid + ".vcon.json");
    await()
        .atMost(STAGE_TIMEOUT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> Files.exists(ingested));

    given()
        .header("Authorization", "Bearer " + System.getProperty(ServerTestResource.ACME_ALL_KEY))
        .get("/v1/acme/vcons/" + uuid)
        .then()
        .statusCode(200)
        // Whichever stage is furthest by now (ingest at least) answers; later stages keep these.
        .header("Conserver-Stage", notNullValue())
        .body("subject", equalTo("uploaded call"))
        .body("dialog[0].type", equalTo("recording"));
  }

  @Test
  void multipartWithoutARecording_is415_andBadMetadata_is422() {
    given()
        .header("Authorization", "Bearer " + acmeKey())
        .multiPart("audio", "call.wav", new byte[] {'R', 'I', 'F', 'F'}, "audio/wav")
        .post("/v1/acme/vcons")
        .then()
        .statusCode(415)
        .contentType("application/problem+json")
        .body("detail", containsString("WAV, MP3"));
    given()
        .header("Authorization", "Bearer " + acmeKey())
        .multiPart(
            "audio",
            "call.mp3",
            new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
            "audio/mpeg")
        .multiPart("metadata", "{\"dialog\":[]}", "application/json")
        .post("/v1/acme/vcons")
        .then()
        .statusCode(422)
        .body("type", containsString("invalid-metadata"));
    given()
        .header("Authorization", "Bearer " + acmeKey())
        .contentType("text/plain")
        .body("hello")
        .post("/v1/acme/vcons")
        .then()
        .statusCode(415);
  }

  @Test
  void healthMetricsAndOpenApi_areServed() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    post("acme", acmeKey(), vcon(UUID.randomUUID().toString(), "metrics")).then().statusCode(202);
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("conserver_api_vcons_total{"))
        .body(containsString("conserver_runtime_pending{"));
    given()
        .accept("application/json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("paths", org.hamcrest.Matchers.hasKey("/v1/{tenant}/vcons"))
        .body("paths", org.hamcrest.Matchers.hasKey("/v1/{tenant}/vcons/{uuid}"))
        .body("components.securitySchemes.apiKey.scheme", equalTo("bearer"));
  }

  @Test
  void dropsByOtherProcesses_arePickedUp() {
    String uuid = UUID.randomUUID().toString();
    // Another process (e.g. `conserver ingest`) writes the bucket folder directly, not through
    // the server's runtime: only the input watcher can notice it.
    new LocalTenant(data(), "acme")
        .store()
        .putBytesIfAbsent(
            "inbox/default/0123456789abcdef-dropped.vcon.json",
            vcon(uuid, "dropped").getBytes(StandardCharsets.UTF_8),
            PutOptions.JSON);
    awaitStage("acme", uuid);
  }

  @Test
  void keysCreatedWhileRunning_workWithoutRestart_andRevokedOnesStop() {
    String key = LocalConfig.createApiKey(data(), "initech", "late").key();
    String uuid = UUID.randomUUID().toString();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> post("initech", key, vcon(uuid, "late")).statusCode() == 202);
    awaitStage("initech", uuid);

    assertThat(LocalConfig.revokeApiKey(data(), "initech", "late")).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> post("initech", key, vcon(uuid, "late")).statusCode() == 401);
  }

  @Test
  void keysAndAuthorizationHeaders_neverReachTheLog() {
    List<String> lines = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            String message = record.getMessage();
            if (record.getParameters() != null) {
              for (Object parameter : record.getParameters()) {
                message += " " + parameter;
              }
            }
            if (record.getThrown() != null) {
              message += " " + record.getThrown();
            }
            synchronized (lines) {
              lines.add(message);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try {
      String uuid = UUID.randomUUID().toString();
      post("acme", acmeKey(), vcon(uuid, "logged?")).then().statusCode(202);
      post("acme", globexKey(), vcon(uuid, "logged?")).then().statusCode(403);
      post("acme", acmeKey() + "x", vcon(uuid, "logged?")).then().statusCode(401);
      post("acme", acmeKey(), "{broken").then().statusCode(422);
      awaitStage("acme", uuid);
    } finally {
      root.removeHandler(capture);
    }
    synchronized (lines) {
      assertThat(lines).anyMatch(l -> l.contains("request with key") && l.contains("k1"));
      assertThat(lines)
          .noneMatch(l -> l.contains(acmeKey()))
          .noneMatch(l -> l.contains(globexKey()))
          .noneMatch(l -> l.contains("Bearer "));
    }
  }
}
