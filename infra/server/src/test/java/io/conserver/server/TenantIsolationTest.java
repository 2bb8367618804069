package io.conserver.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.conserver.functions.ingest.sources.TwilioSignature;
import io.conserver.functions.ingest.sources.ZoomSignature;
import io.conserver.local.config.LocalConfig;
import io.conserver.vcon.VconJson;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation, endpoint by endpoint. The endpoints come from the server's own OpenAPI
 * document, so one added later without an entry here fails {@link
 * #everyEndpoint_isCoveredByThisSweep}. Each is called against tenant A's real data (a settled
 * conversation, a share, a hold, a finished erase request, configured webhooks) with tenant B's
 * credentials: an API key with every scope and an OIDC token of B's issuer with every scope. Every
 * call must be refused (403 or 404; 401 where the credential is a webhook signature), and A's
 * bucket must be byte-for-byte what it was.
 */
@QuarkusTest
@WithTestResource(ServerTestResource.class)
class TenantIsolationTest {
  private static final String A = "isolation-a";
  private static final String B = "isolation-b";
  private static final List<String> ALL =
      List.of("read-redacted", "read-original", "erase", "admin");
  private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

  /** What one call needs: A's ids, to fill in the path. */
  private record Fixture(
      String uuid, String shareId, String shareToken, String hold, String erase) {}

  /** How to call one endpoint as B against A; the path template is filled from the fixture. */
  private record Call(
      Function<Fixture, String> path, Function<RequestSpecification, Response> send) {}

  private static final Map<String, Call> CALLS = new LinkedHashMap<>();

  static {
    json("POST /v1/{tenant}/vcons", f -> "/v1/" + A + "/vcons", "vcon");
    get("GET /v1/{tenant}/vcons", f -> "/v1/" + A + "/vcons?party=tel:+15551234567");
    get("GET /v1/{tenant}/vcons/{uuid}", f -> "/v1/" + A + "/vcons/" + f.uuid());
    json(
        "POST /v1/{tenant}/vcons/{uuid}/shares",
        f -> "/v1/" + A + "/vcons/" + f.uuid() + "/shares",
        "{\"scope\":\"read-original\"}");
    delete(
        "DELETE /v1/{tenant}/vcons/{uuid}/shares/{id}",
        f -> "/v1/" + A + "/vcons/" + f.uuid() + "/shares/" + f.shareId());
    json(
        "POST /v1/{tenant}/erase",
        f -> "/v1/" + A + "/erase",
        "{\"party\":\"tel:+15551234567\",\"dry_run\":false}");
    get("GET /v1/{tenant}/erase/{id}", f -> "/v1/" + A + "/erase/" + f.erase());
    get(
        "GET /v1/{tenant}/erase/{id}/receipt",
        f -> "/v1/" + A + "/erase/" + f.erase() + "/receipt");
    get("GET /v1/{tenant}/holds", f -> "/v1/" + A + "/holds");
    json(
        "POST /v1/{tenant}/holds",
        f -> "/v1/" + A + "/holds",
        "{\"conversation\":\"" + UUID.randomUUID() + "\",\"case\":\"x\",\"reason\":\"y\"}");
    delete(
        "DELETE /v1/{tenant}/holds/{kind}/{target}/{case}", f -> "/v1/" + A + "/holds/" + f.hold());
    json(
        "POST /v1/{tenant}/consent/revoke",
        f -> "/v1/" + A + "/consent/revoke",
        "{\"party\":\"tel:+15551234567\"}");
  }

  // Webhooks authenticate by the source's signature: B's secret signs, A's endpoint must refuse.
  // Listed apart because their credential is not a bearer token.
  private static final Set<String> WEBHOOKS =
      Set.of(
          "POST /v1/{tenant}/sources/twilio",
          "POST /v1/{tenant}/sources/zoom",
          "POST /v1/{tenant}/sources/genesys",
          "POST /v1/{tenant}/sources/teams");

  // Public by design, and checked by its own test below (a token names its tenant and is signed
  // with that tenant's key; there is no tenant in the path to cross).
  private static final Set<String> PUBLIC = Set.of("GET /v1/share/{token}");

  private static void get(String endpoint, Function<Fixture, String> path) {
    CALLS.put(endpoint, new Call(path, spec -> spec.get()));
  }

  private static void delete(String endpoint, Function<Fixture, String> path) {
    CALLS.put(endpoint, new Call(path, spec -> spec.delete()));
  }

  private static void json(String endpoint, Function<Fixture, String> path, String body) {
    CALLS.put(
        endpoint,
        new Call(
            path,
            spec ->
                spec.contentType("application/json")
                    .body(
                        body.equals("vcon")
                            ? VconApiTest.vcon(UUID.randomUUID().toString(), "from B")
                            : body)
                    .post()));
  }

  private static Path data() {
    return Path.of(System.getProperty(ServerTestResource.DATA));
  }

  private static Fixture fixture;
  private static String keyA;
  private static String keyB;
  private static JWK issuerA;
  private static JWK issuerB;

  private static synchronized Fixture fixture() throws Exception {
    if (fixture != null) {
      return fixture;
    }
    Path data = data();
    keyA = LocalConfig.createApiKey(data, A, "all", ALL).key();
    keyB = LocalConfig.createApiKey(data, B, "all", ALL).key();
    issuerA = new RSAKeyGenerator(2048).keyID("a-1").keyUse(KeyUse.SIGNATURE).generate();
    issuerB = new ECKeyGenerator(Curve.P_256).keyID("b-1").keyUse(KeyUse.SIGNATURE).generate();
    TestIssuers.write(data, A, "https://idp.a.example", "conserver-a", issuerA);
    TestIssuers.write(data, B, "https://idp.b.example", "conserver-b", issuerB);
    configureWebhooks(data);

    String uuid = UUID.randomUUID().toString();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                post("/v1/" + A + "/vcons", keyA, VconApiTest.vcon(uuid, "A's")).statusCode()
                    == 202);
    Path export = data.resolve(A + "/bucket/vcons/default/export/" + uuid + ".vcon.json");
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> Files.exists(export));

    Response share = post("/v1/" + A + "/vcons/" + uuid + "/shares", keyA, "{}");
    assertThat(share.statusCode()).isEqualTo(201);
    Response hold =
        post(
            "/v1/" + A + "/holds",
            keyA,
            "{\"conversation\":\"" + uuid + "\",\"case\":\"case-1\",\"reason\":\"audit\"}");
    assertThat(hold.statusCode()).isEqualTo(201);
    // An erase request that finds nothing, so A's conversation stays for the sweep.
    Response erase = post("/v1/" + A + "/erase", keyA, "{\"party\":\"tel:+15550000000\"}");
    assertThat(erase.statusCode()).isEqualTo(202);
    String eraseId = erase.jsonPath().getString("request");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                given()
                        .header("Authorization", "Bearer " + keyA)
                        .get("/v1/" + A + "/erase/" + eraseId + "/receipt")
                        .statusCode()
                    == 200);
    // The request's state is written last: wait for it, so the bucket is settled.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "done"
                    .equals(
                        given()
                            .header("Authorization", "Bearer " + keyA)
                            .get("/v1/" + A + "/erase/" + eraseId)
                            .jsonPath()
                            .getString("status")));
    String url = share.jsonPath().getString("url");
    fixture =
        new Fixture(
            uuid,
            share.jsonPath().getString("id"),
            URI.create(url).getRawPath().substring("/v1/share/".length()),
            hold.jsonPath().getString("id"),
            eraseId);
    return fixture;
  }

  private static void configureWebhooks(Path data) throws Exception {
    Path file = LocalConfig.file(data);
    ObjectNode config = (ObjectNode) VconJson.codec().read(Files.readAllBytes(file));
    for (String tenant : List.of(A, B)) {
      Path keys = Files.createDirectories(data.resolve(tenant + "/keys"));
      for (String source : List.of("twilio", "zoom", "genesys", "teams")) {
        Files.writeString(keys.resolve(source + "-secret"), tenant + "-" + source + "-secret");
      }
      ObjectNode webhooks =
          ((ObjectNode) config.path("tenants").path(tenant)).putObject("webhooks");
      webhooks.putObject("twilio").put("auth_token_ref", "keys:twilio-secret");
      webhooks.putObject("zoom").put("secret_token_ref", "keys:zoom-secret");
      webhooks.putObject("genesys").put("secret_ref", "keys:genesys-secret");
      webhooks.putObject("teams").put("client_state_ref", "keys:teams-secret");
    }
    Path temp = Files.createTempFile(data, "config-", ".tmp");
    Files.write(temp, VconJson.codec().write(config));
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Response post(String path, String key, String body) {
    return given()
        .header("Authorization", "Bearer " + key)
        .contentType("application/json")
        .body(body)
        .post(path);
  }

  /** The endpoints the server documents, as "METHOD /path/{template}". */
  private static Set<String> documentedEndpoints() {
    JsonNode openapi =
        VconJson.codec()
            .read(
                given()
                    .accept("application/json")
                    .get("/q/openapi")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asByteArray());
    Set<String> endpoints = new TreeSet<>();
    openapi
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> {
                          if (METHODS.contains(method)) {
                            endpoints.add(method.toUpperCase() + " " + path.getKey());
                          }
                        }));
    return endpoints;
  }

  @Test
  void everyEndpoint_isCoveredByThisSweep() {
    Set<String> documented = documentedEndpoints();
    assertThat(documented).as("the OpenAPI document lists the API").hasSizeGreaterThan(10);
    Set<String> covered = new TreeSet<>(CALLS.keySet());
    covered.addAll(WEBHOOKS);
    covered.addAll(PUBLIC);
    assertThat(documented)
        .as("endpoints without a tenant-isolation call: add them to CALLS")
        .isSubsetOf(covered);
    assertThat(covered).as("entries for endpoints that no longer exist").isSubsetOf(documented);
  }

  @Test
  void tenantBsKeyAndToken_areRefusedEverywhere_andTenantAsDataIsUnchanged() throws Exception {
    Fixture f = fixture();
    String tokenB =
        TestIssuers.token(
            issuerB,
            TestIssuers.claims("https://idp.b.example", "conserver-b", String.join(" ", ALL))
                .build());
    Map<String, String> before = snapshot(A);
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, Call> entry : CALLS.entrySet()) {
      for (String credential : List.of(keyB, tokenB)) {
        String path = entry.getValue().path().apply(f);
        Response response =
            entry
                .getValue()
                .send()
                .apply(given().header("Authorization", "Bearer " + credential).basePath(path));
        int status = response.statusCode();
        if (status != 403 && status != 404) {
          failures.add(
              entry.getKey()
                  + " as B ("
                  + (credential == keyB ? "key" : "token")
                  + "): "
                  + status
                  + " "
                  + response.asString());
        }
      }
    }
    // Multipart submission (the other POST /vcons body).
    for (String credential : List.of(keyB, tokenB)) {
      int status =
          given()
              .header("Authorization", "Bearer " + credential)
              .multiPart("audio", "call.wav", new byte[] {'R', 'I', 'F', 'F'}, "audio/wav")
              .post("/v1/" + A + "/vcons")
              .statusCode();
      if (status != 403) {
        failures.add("POST /v1/{tenant}/vcons multipart as B: " + status);
      }
    }
    failures.addAll(webhooksSignedByB());
    assertThat(failures).isEmpty();
    assertThat(snapshot(A)).isEqualTo(before);
    // The credentials work for their own tenant: the refusals above are about the tenant.
    given()
        .header("Authorization", "Bearer " + keyB)
        .get("/v1/" + B + "/holds")
        .then()
        .statusCode(200);
    given()
        .header("Authorization", "Bearer " + tokenB)
        .get("/v1/" + B + "/holds")
        .then()
        .statusCode(200);
  }

  private List<String> webhooksSignedByB() throws Exception {
    List<String> failures = new ArrayList<>();
    String form = "RecordingSid=RE" + "0".repeat(32) + "&CallSid=CA1&RecordingStatus=completed";
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : form.split("&")) {
      params.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    String twilioUrl =
        io.restassured.RestAssured.baseURI
            + ":"
            + io.restassured.RestAssured.port
            + "/v1/"
            + A
            + "/sources/twilio";
    int twilio =
        given()
            .header(
                "X-Twilio-Signature",
                new TwilioSignature(B + "-twilio-secret").expected(twilioUrl, params))
            .header("Authorization", "Bearer " + keyB)
            .contentType("application/x-www-form-urlencoded")
            .body(form)
            .post("/v1/" + A + "/sources/twilio")
            .statusCode();
    String ts = String.valueOf(Instant.now().getEpochSecond());
    byte[] zoomBody =
        "{\"event\":\"recording.completed\",\"payload\":{\"object\":{\"uuid\":\"m1\"}}}"
            .getBytes(StandardCharsets.UTF_8);
    int zoom =
        given()
            .header("x-zm-request-timestamp", ts)
            .header(
                "x-zm-signature",
                new ZoomSignature(B + "-zoom-secret", ZoomSignature.DEFAULT_TOLERANCE)
                    .expected(ts, zoomBody))
            .header("Authorization", "Bearer " + keyB)
            .contentType("application/json")
            .body(zoomBody)
            .post("/v1/" + A + "/sources/zoom")
            .statusCode();
    byte[] genesysBody = "{\"conversationId\":\"c-1\"}".getBytes(StandardCharsets.UTF_8);
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(
            (B + "-genesys-secret").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    int genesys =
        given()
            .header(
                "X-Hub-Signature-256",
                "sha256=" + java.util.Base64.getEncoder().encodeToString(mac.doFinal(genesysBody)))
            .header("Authorization", "Bearer " + keyB)
            .contentType("application/json")
            .body(genesysBody)
            .post("/v1/" + A + "/sources/genesys")
            .statusCode();
    // Microsoft Graph authenticates a notification by the subscription's clientState.
    String teamsBody =
        Files.readString(Path.of("../../events/graph/change-notification.json"))
            .replace("teams-client-state-for-samples", B + "-teams-secret");
    int teams =
        given()
            .header("Authorization", "Bearer " + keyB)
            .contentType("application/json")
            .body(teamsBody)
            .post("/v1/" + A + "/sources/teams")
            .statusCode();
    Map<String, Integer> statuses =
        Map.of("twilio", twilio, "zoom", zoom, "genesys", genesys, "teams", teams);
    statuses.forEach(
        (source, status) -> {
          if (status != 401 && status != 403) {
            failures.add("POST /v1/{tenant}/sources/" + source + " signed by B: " + status);
          }
        });
    return failures;
  }

  @Test
  void aShareTokenOfA_opensNothingOfB_andIsNoCredential() throws Exception {
    Fixture f = fixture();
    // As a bearer credential it is nothing: on B's paths and on A's.
    for (String tenant : List.of(B, A)) {
      given()
          .header("Authorization", "Bearer " + f.shareToken())
          .get("/v1/" + tenant + "/vcons/" + f.uuid())
          .then()
          .statusCode(401);
    }
    // Re-addressed to B (tenant claim changed), it no longer verifies.
    String[] parts = f.shareToken().split("\\.");
    String claims =
        new String(java.util.Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)
            .replace("\"" + A + "\"", "\"" + B + "\"");
    String readdressed =
        java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[1];
    given().get("/v1/share/" + readdressed).then().statusCode(404);
    // A's own link still works.
    given().get("/v1/share/" + f.shareToken()).then().statusCode(200);
  }

  /** Every object of the tenant's bucket by hash (what "unchanged" means). */
  private static Map<String, String> snapshot(String tenant) throws Exception {
    Path bucket = data().resolve(tenant).resolve("bucket");
    Map<String, String> hashes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(bucket)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        hashes.put(bucket.relativize(file).toString(), HexFormat.of().formatHex(digest));
      }
    }
    return hashes;
  }
}
