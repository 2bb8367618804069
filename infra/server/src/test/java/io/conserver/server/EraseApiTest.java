package io.conserver.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.conserver.local.runtime.LocalTenant;
import io.conserver.platform.erase.ReceiptSigner;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Erase and legal holds over HTTP, and their tenant isolation and scopes. */
@QuarkusTest
@WithTestResource(ServerTestResource.class)
class EraseApiTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String PARTY = "tel:+15557654321";

  private static String key(String property) {
    return System.getProperty(property);
  }

  private static Path data() {
    return Path.of(System.getProperty(ServerTestResource.DATA));
  }

  private static Response postJson(String path, String key, String body) {
    return given()
        .header("Authorization", "Bearer " + key)
        .contentType("application/json")
        .body(body)
        .post(path);
  }

  private static long copiesOf(String tenant, String uuid) throws Exception {
    Path vcons = data().resolve(tenant).resolve("bucket/vcons");
    if (!Files.isDirectory(vcons)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(vcons)) {
      return files.filter(p -> p.getFileName().toString().startsWith(uuid)).count();
    }
  }

  @Test
  void eraseOverHttp_runsToASignedReceipt_andRemovesTheConversation() throws Exception {
    String uuid = "019f3000-0000-8000-8000-000000000001";
    String vcon = VconApiTest.vcon(uuid, "erase over http").replace("+15551234567", "+15557654321");
    postJson("/v1/acme/vcons", key(ServerTestResource.ACME_KEY), vcon).then().statusCode(202);
    // The last stage (export) has written: erase what a settled pipeline holds.
    Path exported = data().resolve("acme/bucket/vcons/default/export").resolve(uuid + ".vcon.json");
    await().atMost(TIMEOUT).until(() -> Files.exists(exported));
    assertThat(copiesOf("acme", uuid)).isGreaterThan(1);

    Response accepted =
        postJson(
            "/v1/acme/erase",
            key(ServerTestResource.ACME_ERASE_KEY),
            "{\"party\":\"" + PARTY + "\"}");
    accepted.then().statusCode(202);
    String id = accepted.jsonPath().getString("request");
    assertThat(accepted.getHeader("Location")).endsWith("/v1/acme/erase/" + id);

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                "done"
                    .equals(
                        given()
                            .header(
                                "Authorization", "Bearer " + key(ServerTestResource.ACME_ERASE_KEY))
                            .get("/v1/acme/erase/" + id)
                            .jsonPath()
                            .getString("status")));
    assertThat(copiesOf("acme", uuid)).isZero();
    String jws =
        given()
            .header("Authorization", "Bearer " + key(ServerTestResource.ACME_ERASE_KEY))
            .get("/v1/acme/erase/" + id + "/receipt")
            .then()
            .statusCode(200)
            .contentType(containsString("application/jose"))
            .extract()
            .asString();
    ReceiptSigner.Verification verification =
        ReceiptSigner.verify(jws, new LocalTenant(data(), "acme").receiptPublicKey());
    assertThat(verification.valid()).isTrue();
    assertThat(verification.payload().path("conversations").get(0).path("id").asText())
        .isEqualTo(uuid);
    assertThat(jws).doesNotContain("7654321");
  }

  @Test
  void erase_needsTheEraseScope_andTheTenantsOwnKey() {
    String body = "{\"party\":\"" + PARTY + "\",\"dry_run\":true}";
    postJson("/v1/acme/erase", key(ServerTestResource.ACME_KEY), body)
        .then()
        .statusCode(403)
        .body("detail", containsString("'erase' scope"));
    postJson("/v1/acme/erase", key(ServerTestResource.GLOBEX_ERASE_KEY), body)
        .then()
        .statusCode(403)
        .body("detail", containsString("not valid for tenant 'acme'"));
    given()
        .contentType("application/json")
        .body(body)
        .post("/v1/acme/erase")
        .then()
        .statusCode(401);
    postJson("/v1/acme/erase", key(ServerTestResource.ACME_ERASE_KEY), body)
        .then()
        .statusCode(200)
        .body("policy", equalTo("erase"));
    postJson("/v1/acme/erase", key(ServerTestResource.ACME_ERASE_KEY), "{\"party\":\"5557654321\"}")
        .then()
        .statusCode(400)
        .body("detail", containsString("tel:"));
  }

  @Test
  void anotherTenantsRequest_isNotFound_evenWithAValidKey() {
    Response accepted =
        postJson(
            "/v1/acme/erase",
            key(ServerTestResource.ACME_ERASE_KEY),
            "{\"party\":\"tel:+15550001111\"}");
    String id = accepted.jsonPath().getString("request");
    String globex = key(ServerTestResource.GLOBEX_ERASE_KEY);
    given()
        .header("Authorization", "Bearer " + globex)
        .get("/v1/globex/erase/" + id)
        .then()
        .statusCode(404);
    given()
        .header("Authorization", "Bearer " + globex)
        .get("/v1/acme/erase/" + id)
        .then()
        .statusCode(403);
    given()
        .header("Authorization", "Bearer " + globex)
        .get("/v1/acme/erase/" + id + "/receipt")
        .then()
        .statusCode(403);
    given()
        .header("Authorization", "Bearer " + key(ServerTestResource.ACME_ERASE_KEY))
        .get("/v1/acme/erase/../../keys")
        .then()
        .statusCode(404);
  }

  @Test
  void holds_setListRelease_withAdminScope_andIsolatedPerTenant() {
    String admin = key(ServerTestResource.ACME_ERASE_KEY);
    String conversation = "019f3000-0000-8000-8000-0000000000aa";
    Response set =
        postJson(
            "/v1/acme/holds",
            admin,
            "{\"conversation\":\""
                + conversation
                + "\",\"case\":\"LIT-7\",\"reason\":\"litigation\"}");
    set.then().statusCode(201).body("id", equalTo("conversation/" + conversation + "/LIT-7"));
    postJson(
            "/v1/acme/holds",
            admin,
            "{\"party\":\"mailto:held@example.com\",\"case\":\"REG-1\",\"reason\":\"regulator\"}")
        .then()
        .statusCode(201)
        .body("kind", equalTo("party"))
        .body("target", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"));

    given()
        .header("Authorization", "Bearer " + admin)
        .get("/v1/acme/holds")
        .then()
        .statusCode(200)
        .body("holds.size()", equalTo(2));
    given()
        .header("Authorization", "Bearer " + key(ServerTestResource.ACME_KEY))
        .get("/v1/acme/holds")
        .then()
        .statusCode(403);
    given()
        .header("Authorization", "Bearer " + key(ServerTestResource.GLOBEX_ERASE_KEY))
        .get("/v1/acme/holds")
        .then()
        .statusCode(403);
    given()
        .header("Authorization", "Bearer " + key(ServerTestResource.GLOBEX_ERASE_KEY))
        .get("/v1/globex/holds")
        .then()
        .statusCode(200)
        .body("holds.size()", equalTo(0));
    given()
        .header("Authorization", "Bearer " + key(ServerTestResource.GLOBEX_ERASE_KEY))
        .delete("/v1/acme/holds/conversation/" + conversation + "/LIT-7")
        .then()
        .statusCode(403);

    given()
        .header("Authorization", "Bearer " + admin)
        .delete("/v1/acme/holds/conversation/" + conversation + "/LIT-7")
        .then()
        .statusCode(204);
    given()
        .header("Authorization", "Bearer " + admin)
        .delete("/v1/acme/holds/conversation/" + conversation + "/LIT-7")
        .then()
        .statusCode(404);
    postJson("/v1/acme/holds", admin, "{\"case\":\"X\",\"reason\":\"r\"}").then().statusCode(400);
  }
}
