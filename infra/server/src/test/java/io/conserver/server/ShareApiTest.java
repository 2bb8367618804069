package io.conserver.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import io.conserver.local.runtime.LocalTenant;
import io.conserver.platform.runner.Ledger;
import io.conserver.server.share.ShareTokens;
import io.conserver.vcon.VconJson;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Share links over real HTTP: creation, access without credentials, signing, revocation. */
@QuarkusTest
@WithTestResource(ServerTestResource.class)
class ShareApiTest {
  private static final Duration STAGES = Duration.ofSeconds(90);

  private static String key(String property) {
    return System.getProperty(property);
  }

  private static Path data() {
    return Path.of(System.getProperty(ServerTestResource.DATA));
  }

  private static LocalTenant acme() {
    return new LocalTenant(data(), "acme");
  }

  /** Submits a vCon to acme and waits for the last stage, so every copy exists. */
  private static String settledConversation(String subject) {
    String uuid = UUID.randomUUID().toString();
    given()
        .header("Authorization", "Bearer " + key(ServerTestResource.ACME_KEY))
        .contentType("application/json")
        .body(VconApiTest.vcon(uuid, subject))
        .post("/v1/acme/vcons")
        .then()
        .statusCode(202);
    Path export = acme().bucketFolder().resolve("vcons/default/export/" + uuid + ".vcon.json");
    await().atMost(STAGES).pollInterval(Duration.ofMillis(50)).until(() -> Files.exists(export));
    return uuid;
  }

  private static Response share(String uuid, String keyProperty, String body) {
    return given()
        .header("Authorization", "Bearer " + key(keyProperty))
        .contentType("application/json")
        .body(body)
        .post("/v1/acme/vcons/" + uuid + "/shares");
  }

  /** The link's path (the server answers with an absolute URL). */
  private static String path(Response created) {
    return URI.create(created.jsonPath().getString("url")).getRawPath();
  }

  private static String shareWithIdempotencyKey(String uuid, String idempotencyKey) {
    return given()
        .header("Authorization", "Bearer " + key(ServerTestResource.ACME_KEY))
        .header("Idempotency-Key", idempotencyKey)
        .contentType("application/json")
        .body("{}")
        .post("/v1/acme/vcons/" + uuid + "/shares")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getString("id");
  }

  private static List<JsonNode> ledger(String uuid) {
    return new Ledger(acme().store()).records(uuid);
  }

  @Test
  void aShareServesThePinnedRedactedCopy_withoutCredentials_andEveryAccessIsInTheLedger()
      throws Exception {
    String uuid = settledConversation("shared");
    Response created = share(uuid, ServerTestResource.ACME_KEY, "{\"ttl_seconds\": 600}");
    created.then().statusCode(201).body("scope", equalTo("read-redacted"));
    String id = created.jsonPath().getString("id");
    String link = path(created);
    assertThat(link).startsWith("/v1/share/");
    assertThat(created.jsonPath().getString("stage")).isEqualTo("export");
    Instant expires = Instant.parse(created.jsonPath().getString("expires_at"));
    assertThat(Duration.between(Instant.now(), expires))
        .isBetween(Duration.ofSeconds(500), Duration.ofSeconds(601));

    byte[] stored =
        Files.readAllBytes(
            acme().bucketFolder().resolve("vcons/default/export/" + uuid + ".vcon.json"));
    byte[] served =
        given()
            .get(link)
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-store")
            .header("Conserver-Stage", "export")
            .extract()
            .asByteArray();
    assertThat(served).isEqualTo(stored);
    assertThat(new String(served, StandardCharsets.UTF_8))
        .doesNotContain("+15551234567")
        .contains("\"redacted\"");
    given().get(link).then().statusCode(200);

    List<JsonNode> records = ledger(uuid);
    assertThat(records)
        .filteredOn(r -> r.path("stage").asText().equals("share/" + id + "/created"))
        .hasSize(1);
    assertThat(records)
        .filteredOn(r -> r.path("stage").asText().startsWith("share/" + id + "/access/"))
        .hasSize(2);
    assertThat(new Ledger(acme().store()).verifyChain(uuid)).isTrue();
    String token = link.substring("/v1/share/".length());
    try (Stream<Path> files = Files.walk(acme().bucketFolder().resolve("ledger/" + uuid))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(file))
            .doesNotContain(token)
            .doesNotContain("+15551234567")
            .doesNotContain(key(ServerTestResource.ACME_KEY));
      }
    }
  }

  @Test
  void signedTrue_returnsTheVconSignedForm_verifiableWithTheTenantsPublicKey() throws Exception {
    String uuid = settledConversation("signed share");
    Response created = share(uuid, ServerTestResource.ACME_KEY, "{}");
    created.then().statusCode(201);
    ECKey jwk = ECKey.parse(created.jsonPath().getMap("verification_key"));
    assertThat(jwk.isPrivate()).isFalse();

    JsonNode signed =
        VconJson.codec()
            .read(
                given()
                    .get(path(created) + "?signed=true")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asByteArray());
    JsonNode signature = signed.path("signatures").get(0);
    assertThat(signature.path("header").path("uuid").asText()).isEqualTo(uuid);
    JWSObject jws =
        JWSObject.parse(
            signature.path("protected").asText()
                + "."
                + signed.path("payload").asText()
                + "."
                + signature.path("signature").asText());
    assertThat(jws.verify(new ECDSAVerifier(jwk))).isTrue();
    ECPublicKey tenantKey = (ECPublicKey) acme().shareSigningKeyPair().getPublic();
    assertThat(jws.verify(new ECDSAVerifier(tenantKey))).isTrue();
    assertThat(jws.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
    byte[] stored =
        Files.readAllBytes(
            acme().bucketFolder().resolve("vcons/default/export/" + uuid + ".vcon.json"));
    assertThat(jws.getPayload().toBytes()).isEqualTo(stored);
    // Another key (the receipt key) does not verify it: the keys are separate.
    assertThat(jws.verify(new ECDSAVerifier(acme().receiptPublicKey()))).isFalse();
  }

  @Test
  void revocation_endsTheLink_isIdempotent_andIsRecordedOnce() {
    String uuid = settledConversation("revoked share");
    Response created = share(uuid, ServerTestResource.ACME_KEY, "{}");
    String id = created.jsonPath().getString("id");
    String link = path(created);
    given().get(link).then().statusCode(200);
    for (int i = 0; i < 2; i++) {
      given()
          .header("Authorization", "Bearer " + key(ServerTestResource.ACME_KEY))
          .delete("/v1/acme/vcons/" + uuid + "/shares/" + id)
          .then()
          .statusCode(204);
    }
    given()
        .get(link)
        .then()
        .statusCode(410)
        .contentType("application/problem+json")
        .body("detail", containsString("revoked"));
    given()
        .header("Authorization", "Bearer " + key(ServerTestResource.ACME_KEY))
        .delete("/v1/acme/vcons/" + uuid + "/shares/" + "0".repeat(32))
        .then()
        .statusCode(404);
    // The share's id under another conversation is not found either.
    given()
        .header("Authorization", "Bearer " + key(ServerTestResource.ACME_KEY))
        .delete("/v1/acme/vcons/" + UUID.randomUUID() + "/shares/" + id)
        .then()
        .statusCode(404);
    assertThat(ledger(uuid))
        .filteredOn(r -> r.path("stage").asText().equals("share/" + id + "/revoked"))
        .hasSize(1);
  }

  @Test
  void expiredOrAlteredTokens_areRefused() throws Exception {
    String uuid = settledConversation("expiring share");
    Response created = share(uuid, ServerTestResource.ACME_KEY, "{\"ttl_seconds\": 60}");
    String id = created.jsonPath().getString("id");
    String token = path(created).substring("/v1/share/".length());
    byte[] acmeKey = acme().shareLinkKey();

    // Made with acme's key but already expired: 410.
    String expired =
        new ShareTokens(acmeKey)
            .mint(new ShareTokens.Claims("acme", id, Instant.now().minusSeconds(1)));
    given()
        .get("/v1/share/" + expired)
        .then()
        .statusCode(410)
        .body("detail", containsString("expired"));
    // Made with acme's key for a share whose record is gone (erased with its conversation, or
    // deleted by retention): 410.
    String deleted =
        new ShareTokens(acmeKey)
            .mint(new ShareTokens.Claims("acme", "0".repeat(32), Instant.now().plusSeconds(60)));
    given()
        .get("/v1/share/" + deleted)
        .then()
        .statusCode(410)
        .body("detail", containsString("no longer exists"));
    // The expiry pushed later without the key: the signature fails, 404.
    String[] parts = token.split("\\.");
    String later =
        new ShareTokens(new byte[32])
            .mint(new ShareTokens.Claims("acme", id, Instant.now().plusSeconds(86400)))
            .split("\\.")[0];
    given().get("/v1/share/" + later + "." + parts[1]).then().statusCode(404);
    // Pointed at globex: globex's key does not verify acme's signature.
    String globexBody =
        new ShareTokens(new byte[32])
            .mint(new ShareTokens.Claims("globex", id, Instant.now().plusSeconds(60)))
            .split("\\.")[0];
    given().get("/v1/share/" + globexBody + "." + parts[1]).then().statusCode(404);
    given().get("/v1/share/not-a-token").then().statusCode(404);
    given().get("/v1/share/" + token).then().statusCode(200);
  }

  @Test
  void scopesAndVersions_andIdempotencyKey() {
    String uuid = settledConversation("scoped share");
    share(uuid, ServerTestResource.ACME_KEY, "{\"scope\": \"read-original\"}")
        .then()
        .statusCode(403)
        .body("detail", containsString("read-original"));
    share(uuid, ServerTestResource.ACME_KEY, "{\"version\": \"ingest\"}").then().statusCode(404);
    Response original =
        share(
            uuid,
            ServerTestResource.ACME_ALL_KEY,
            "{\"scope\": \"read-original\", \"version\": \"ingest\"}");
    original.then().statusCode(201).body("stage", equalTo("ingest"));
    String body = given().get(path(original)).then().statusCode(200).extract().asString();
    assertThat(body).contains("+15551234567"); // the original, as its scope allows

    share(uuid, ServerTestResource.ACME_KEY, "{\"ttl_seconds\": 0}").then().statusCode(400);
    share(uuid, ServerTestResource.ACME_KEY, "{\"ttl_seconds\": 99999999}").then().statusCode(400);
    share(uuid, ServerTestResource.ACME_KEY, "{\"scope\": \"admin\"}").then().statusCode(400);
    share(UUID.randomUUID().toString(), ServerTestResource.ACME_KEY, "{}").then().statusCode(404);

    String first = shareWithIdempotencyKey(uuid, "retry-1");
    String again = shareWithIdempotencyKey(uuid, "retry-1");
    assertThat(shareWithIdempotencyKey(uuid, "another")).isNotEqualTo(first);
    assertThat(again).isEqualTo(first);
    assertThat(ledger(uuid))
        .filteredOn(r -> r.path("stage").asText().equals("share/" + first + "/created"))
        .hasSize(1);
  }
}
