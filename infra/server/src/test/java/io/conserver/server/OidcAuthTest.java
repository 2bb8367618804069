package io.conserver.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OIDC bearer tokens over real HTTP: real RS256 (acme's issuer) and ES256 (globex's) tokens signed
 * with nimbus, checked against each tenant's oidc.json and JWKS file.
 */
@QuarkusTest
@WithTestResource(ServerTestResource.class)
class OidcAuthTest {
  private static final String PARTY_QUERY = "/v1/acme/vcons?party=tel:+15550001111";

  private static Response get(String path, String token) {
    return given().header("Authorization", "Bearer " + token).get(path);
  }

  private static void assertInvalidToken(String token, String reason) {
    get(PARTY_QUERY, token)
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("invalid_token"))
        .body("type", equalTo("https://conserver.io/problems/unauthorized"))
        .body("detail", containsString(reason));
  }

  private static JWTClaimsSet.Builder acmeClaims(String scope) {
    return TestIssuers.claims(TestIssuers.ACME_ISSUER, TestIssuers.ACME_AUDIENCE, scope);
  }

  @Test
  void aTokenOfTheTenantsIssuer_isAccepted_forReadsAndSubmissions() {
    get(PARTY_QUERY, TestIssuers.acme("read-redacted"))
        .then()
        .statusCode(200)
        .body("vcons.size()", equalTo(0));
    String uuid = java.util.UUID.randomUUID().toString();
    given()
        .header("Authorization", "Bearer " + TestIssuers.acme("read-redacted"))
        .contentType("application/json")
        .body(VconApiTest.vcon(uuid, "submitted with a token"))
        .post("/v1/acme/vcons")
        .then()
        .statusCode(202);
    // ES256 for globex, through its own issuer.
    get("/v1/globex/vcons?party=tel:+15550001111", TestIssuers.globex("read-original"))
        .then()
        .statusCode(200);
  }

  @Test
  void expiryAndNotBefore_allowTheConfiguredSkewOnly() {
    Instant now = Instant.now();
    String expired =
        TestIssuers.token(
            TestIssuers.acmeKey(),
            acmeClaims("read-redacted").expirationTime(Date.from(now.minusSeconds(120))).build());
    assertInvalidToken(expired, "expired");
    String justExpired =
        TestIssuers.token(
            TestIssuers.acmeKey(),
            acmeClaims("read-redacted").expirationTime(Date.from(now.minusSeconds(5))).build());
    get(PARTY_QUERY, justExpired).then().statusCode(200); // within the 30 s skew
    String early =
        TestIssuers.token(
            TestIssuers.acmeKey(),
            acmeClaims("read-redacted").notBeforeTime(Date.from(now.plusSeconds(600))).build());
    assertInvalidToken(early, "not valid yet");
    String noExpiry =
        TestIssuers.token(
            TestIssuers.acmeKey(), acmeClaims("read-redacted").expirationTime(null).build());
    assertInvalidToken(noExpiry, "no expiry");
  }

  @Test
  void wrongAudienceOrIssuer_is401_andAnotherTenantsIssuer_is403() {
    assertInvalidToken(
        TestIssuers.token(
            TestIssuers.acmeKey(),
            TestIssuers.claims(TestIssuers.ACME_ISSUER, "some-other-api", "read-redacted").build()),
        "audience");
    assertInvalidToken(
        TestIssuers.token(
            TestIssuers.acmeKey(),
            TestIssuers.claims("https://evil.example", TestIssuers.ACME_AUDIENCE, "read-redacted")
                .build()),
        "another issuer");
    // A perfectly valid globex token is globex's, not acme's.
    get(PARTY_QUERY, TestIssuers.globex("read-original admin erase"))
        .then()
        .statusCode(403)
        .body("detail", containsString("not valid for tenant 'acme'"));
    // globex's issuer name with acme's audience, signed by globex: still not acme's.
    get(
            PARTY_QUERY,
            TestIssuers.token(
                TestIssuers.globexKey(),
                TestIssuers.claims(
                        TestIssuers.GLOBEX_ISSUER, TestIssuers.ACME_AUDIENCE, "read-original")
                    .build()))
        .then()
        .statusCode(403);
  }

  @Test
  void algorithmConfusion_none_hs256WithThePublicKey_andForeignKeys_areRefused() throws Exception {
    JWTClaimsSet claims = acmeClaims("read-original admin erase").build();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String none =
        b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8))
            + ".";
    assertInvalidToken(none, "alg none");

    // The classic confusion: HS256 keyed with the issuer's public key (which anyone can read).
    RSAKey publicKey = (RSAKey) TestIssuers.acmeKey().toPublicJWK();
    byte[] publicBytes = publicKey.toRSAPublicKey().getEncoded();
    SignedJWT hs =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(publicKey.getKeyID()).build(), claims);
    hs.sign(new MACSigner(publicBytes));
    assertInvalidToken(hs.serialize(), "HS256 is not accepted");
    SignedJWT hsJwkJson =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(publicKey.getKeyID()).build(), claims);
    hsJwkJson.sign(new MACSigner(publicKey.toJSONString().getBytes(StandardCharsets.UTF_8)));
    assertInvalidToken(hsJwkJson.serialize(), "not accepted");

    // Signed by a key the issuer never published, under the issuer's kid.
    RSAKey forged = new RSAKeyGenerator(2048).keyID("acme-1").generate();
    assertInvalidToken(TestIssuers.token(forged, claims), "signature does not verify");
    // ... or under a kid the issuer does not have.
    RSAKey unknown = new RSAKeyGenerator(2048).keyID("acme-9").generate();
    assertInvalidToken(TestIssuers.token(unknown, claims), "not one of the issuer's keys");
    // An ES256 token whose kid names the issuer's RSA key.
    JWK globex = TestIssuers.globexKey();
    com.nimbusds.jose.jwk.ECKey relabelled =
        new com.nimbusds.jose.jwk.ECKey.Builder((com.nimbusds.jose.jwk.ECKey) globex)
            .keyID("acme-1")
            .build();
    assertInvalidToken(TestIssuers.token(relabelled, claims), "does not fit");
    // A token signed properly, then its payload edited (scope added).
    String valid = TestIssuers.acme("read-redacted");
    String[] parts = valid.split("\\.");
    String edited =
        parts[0]
            + "."
            + b64.encodeToString(
                acmeClaims("read-original admin erase")
                    .build()
                    .toString()
                    .getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertInvalidToken(edited, "signature does not verify");
    assertInvalidToken("eyJhbGciOi.not-a.jwt", "not a JWT");
  }

  @Test
  void scopeAndScpClaims_mapToConserverScopes() {
    String body = "{\"party\":\"tel:+15550003333\",\"dry_run\":true}";
    given()
        .header("Authorization", "Bearer " + TestIssuers.acme("read-redacted openid profile"))
        .contentType("application/json")
        .body(body)
        .post("/v1/acme/erase")
        .then()
        .statusCode(403)
        .body("detail", containsString("'erase' scope"));
    String scp =
        TestIssuers.token(
            TestIssuers.acmeKey(),
            acmeClaims(null).claim("scope", null).claim("scp", List.of("erase")).build());
    given()
        .header("Authorization", "Bearer " + scp)
        .contentType("application/json")
        .body(body)
        .post("/v1/acme/erase")
        .then()
        .statusCode(200);
    // A token with no read scope may not read.
    get(PARTY_QUERY, scp).then().statusCode(403);
    get("/v1/acme/holds", TestIssuers.acme("admin")).then().statusCode(200);
  }

  @Test
  void aRotatedJwksFile_isReadAgain_withoutARestart() throws Exception {
    Path data = Path.of(System.getProperty(ServerTestResource.DATA));
    Path jwks = data.resolve("acme/oidc-jwks.json");
    String before = Files.readString(jwks);
    RSAKey next = new RSAKeyGenerator(2048).keyID("acme-2").keyUse(KeyUse.SIGNATURE).generate();
    String token = TestIssuers.token(next, acmeClaims("read-redacted").build());
    assertInvalidToken(token, "not one of the issuer's keys");
    try {
      JWKSet both = new JWKSet(List.of(TestIssuers.acmeKey().toPublicJWK(), next.toPublicJWK()));
      Files.writeString(jwks, both.toString(true));
      Files.setLastModifiedTime(jwks, FileTime.from(Instant.now().plusSeconds(5)));
      get(PARTY_QUERY, token).then().statusCode(200);
      get(PARTY_QUERY, TestIssuers.acme("read-redacted")).then().statusCode(200);
    } finally {
      Files.writeString(jwks, before);
      Files.setLastModifiedTime(jwks, FileTime.from(Instant.now().plusSeconds(10)));
    }
    assertInvalidToken(token, "not one of the issuer's keys");
    assertThat(Files.readString(jwks)).doesNotContain("acme-2");
  }
}
