package io.conserver.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Consent revocation over HTTP: scopes, tenant isolation, and no identifier in what is stored. */
@QuarkusTest
@WithTestResource(ServerTestResource.class)
class ConsentApiTest {
  private static Response revoke(String tenant, String keyProperty, String body) {
    return given()
        .header("Authorization", "Bearer " + System.getProperty(keyProperty))
        .contentType("application/json")
        .body(body)
        .post("/v1/" + tenant + "/consent/revoke");
  }

  @Test
  void aKeyWithTheEraseScope_revokes_andOnlyTheHmacIsStored() throws Exception {
    Response ok =
        revoke("acme", ServerTestResource.ACME_ERASE_KEY, "{\"party\":\"tel:+15550001111\"}");

    ok.then().statusCode(200);
    String hmac = ok.jsonPath().getString("party_hmac");
    assertThat(ok.jsonPath().getString("actions.default")).isEqualTo("stop");
    assertThat(ok.asString()).doesNotContain("5550001111");
    Path record =
        Path.of(System.getProperty(ServerTestResource.DATA))
            .resolve("acme/bucket/consent/revoked/" + hmac + ".json");
    assertThat(Files.readString(record)).doesNotContain("5550001111");
  }

  @Test
  void aKeyWithoutTheScope_orAnotherTenantsKey_orABadIdentifier_isRefused() {
    revoke("acme", ServerTestResource.ACME_KEY, "{\"party\":\"tel:+15550002222\"}")
        .then()
        .statusCode(403);
    revoke("acme", ServerTestResource.GLOBEX_ERASE_KEY, "{\"party\":\"tel:+15550002222\"}")
        .then()
        .statusCode(403);
    revoke("acme", ServerTestResource.ACME_ERASE_KEY, "{\"party\":\"5550002222\"}")
        .then()
        .statusCode(400);
  }
}
