package io.conserver.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conserver.local.config.LocalConfig;
import io.conserver.local.runtime.LocalTenant;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.ContentHash;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web console's pages over HTTP, on the real server and runtime: sign-in and its cookie, tenant
 * isolation, escaping, search, the recording with Range, CSRF and scopes on every action, erase to
 * a verified receipt, quarantine retry and discard with its audit record.
 */
@QuarkusTest
@WithTestResource(ServerTestResource.class)
class ConsoleTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String CHAT = "019f4000-0000-8000-8000-000000000001";
  private static final String CALL = "019f4000-0000-8000-8000-000000000002";
  private static final String GLOBEX_CHAT = "019f4000-0000-8000-8000-000000000003";
  private static final String ERASED = "019f4000-0000-8000-8000-000000000004";
  private static final String ERASED_PARTY = "tel:+15554440002";
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static byte[] tone;

  private static String key(String property) {
    return System.getProperty(property);
  }

  private static Path bucket(String tenant) {
    return Path.of(System.getProperty(ServerTestResource.DATA)).resolve(tenant).resolve("bucket");
  }

  // Once per class, but in @BeforeEach: RestAssured learns the test port only then.
  @BeforeEach
  void conversations() throws Exception {
    if (tone != null) {
      return;
    }
    tone =
        Files.readAllBytes(
            Path.of("../../shared/media/src/test/resources/audio/tone-440hz-22k-mono.ogg"));
    post("acme", VconApiTest.vcon(CHAT, "Billing <script>alert(1)</script> question"));
    String call =
        "{\"uuid\":\""
            + CALL
            + "\",\"created_at\":\"2026-11-20T10:00:00.000Z\",\"subject\":\"A short call\","
            + "\"parties\":[{\"tel\":\"+15554440001\",\"name\":\"Erin\"},{\"name\":\"Agent\"}],"
            + "\"dialog\":[{\"type\":\"recording\",\"start\":\"2026-11-20T10:00:00.000Z\","
            + "\"duration\":1.0,\"parties\":[0,1],\"mediatype\":\"audio/ogg\","
            + "\"encoding\":\"base64url\",\"body\":\""
            + Base64.getUrlEncoder().withoutPadding().encodeToString(tone)
            + "\"}]}";
    post("acme", call);
    post("globex", VconApiTest.vcon(GLOBEX_CHAT, "Globex only"));
    post(
        "acme",
        VconApiTest.vcon(ERASED, "To be erased")
            .replace("+15551234567", ERASED_PARTY.substring(4))
            .replace("bob@example.com", "erin@example.org"));
    for (String[] copy :
        new String[][] {
          {"acme", CHAT}, {"acme", CALL}, {"globex", GLOBEX_CHAT}, {"acme", ERASED},
        }) {
      Path ingest = bucket(copy[0]).resolve("vcons/default/ingest/" + copy[1] + ".vcon.json");
      await().atMost(TIMEOUT).until(() -> Files.exists(ingest));
    }
  }

  private static void post(String tenant, String vcon) {
    String property =
        tenant.equals("acme") ? ServerTestResource.ACME_KEY : ServerTestResource.GLOBEX_KEY;
    given()
        .header("Authorization", "Bearer " + key(property))
        .contentType("application/json")
        .body(vcon)
        .post("/v1/" + tenant + "/vcons")
        .then()
        .statusCode(202);
  }

  /** Signs in through the form; returns the session cookie. */
  static String signIn(String tenant, String key) {
    Response response =
        given()
            .redirects()
            .follow(false)
            .formParam("tenant", tenant)
            .formParam("key", key)
            .post("/console/sign-in");
    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(response.getHeader("Location")).endsWith("/console/" + tenant + "/pipelines");
    return response.getCookie("conserver_console");
  }

  private static Response page(String cookie, String path) {
    return given().redirects().follow(false).cookie("conserver_console", cookie).get(path);
  }

  private static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("a form with a CSRF token").isTrue();
    return m.group(1);
  }

  @Test
  void signIn_setsAnHttpOnlyStrictCookie_andAWrongKeyGetsNone() {
    Response ok =
        given()
            .redirects()
            .follow(false)
            .formParam("tenant", "acme")
            .formParam("key", key(ServerTestResource.ACME_KEY))
            .post("/console/sign-in");
    String setCookie = ok.getHeader("Set-Cookie");
    assertThat(setCookie)
        .contains("conserver_console=")
        .containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("SameSite=Strict")
        .contains("Path=/console");
    assertThat(setCookie).doesNotContain(key(ServerTestResource.ACME_KEY));

    for (String[] wrong :
        new String[][] {
          {"acme", "cs_not-a-key"},
          {"acme", key(ServerTestResource.GLOBEX_KEY)},
          {"nosuch", key(ServerTestResource.ACME_KEY)},
        }) {
      Response refused =
          given()
              .redirects()
              .follow(false)
              .formParam("tenant", wrong[0])
              .formParam("key", wrong[1])
              .post("/console/sign-in");
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.getHeader("Set-Cookie")).isNull();
      assertThat(refused.asString()).contains("do not match");
    }
  }

  @Test
  void pagesWithoutASession_orWithAForgedOne_redirectToSignIn() {
    for (String cookie :
        new String[] {
          null, "forged.cookie", signIn("acme", key(ServerTestResource.ACME_KEY)) + "x"
        }) {
      Response r =
          cookie == null
              ? given().redirects().follow(false).get("/console/acme/conversations")
              : page(cookie, "/console/acme/conversations");
      assertThat(r.statusCode()).isEqualTo(303);
      assertThat(r.getHeader("Location")).endsWith("/console/sign-in");
    }
  }

  @Test
  void anotherTenantsSession_seesNothingOfTheTenant() {
    String globex = signIn("globex", key(ServerTestResource.GLOBEX_ERASE_KEY));
    for (String path :
        new String[] {
          "/console/acme/pipelines",
          "/console/acme/conversations",
          "/console/acme/conversations/" + CHAT,
          "/console/acme/conversations/" + CALL + "/media/0/original",
          "/console/acme/quarantine",
          "/console/acme/compliance",
          "/console/acme/compliance/audit?uuid=" + CHAT,
          "/console/acme/usage",
        }) {
      Response r = page(globex, path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.asString()).doesNotContain("Billing").doesNotContain(CHAT + "\"");
    }
    // Its own tenant's conversations never include acme's, even by id.
    assertThat(page(globex, "/console/globex/conversations").asString())
        .contains("Globex only")
        .doesNotContain(CHAT);
    assertThat(page(globex, "/console/globex/conversations/" + CHAT).statusCode()).isEqualTo(404);
    // A POST to acme with globex's session and its own valid token is refused the same way.
    String token = csrf(page(globex, "/console/globex/compliance").asString());
    Response erase =
        given()
            .redirects()
            .follow(false)
            .cookie("conserver_console", globex)
            .formParam("csrf", token)
            .formParam("party", "tel:+15551234567")
            .post("/console/acme/compliance/erase");
    assertThat(erase.statusCode()).isEqualTo(404);
  }

  @Test
  void conversations_listEscapesWhatTheVconSays_andSearchGoesThroughThePartyIndex() {
    String acme = signIn("acme", key(ServerTestResource.ACME_KEY));
    String list = page(acme, "/console/acme/conversations").asString();
    assertThat(list).contains(CHAT).contains(CALL).doesNotContain(GLOBEX_CHAT);
    assertThat(list)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert");

    String byParty = byParty(acme, "tel:+15554440001").asString();
    assertThat(byParty).contains(CALL).doesNotContain(CHAT);
    assertThat(byParty(acme, "tel:+19999999999").asString()).contains("0 conversations");
    assertThat(page(acme, "/console/acme/conversations?party=nonsense").asString())
        .contains("not a party identifier");
    assertThat(page(acme, "/console/acme/conversations?from=2026-11-21").asString())
        .contains(CHAT)
        .doesNotContain(CALL);
    assertThat(page(acme, "/console/acme/conversations?from=tomorrow").statusCode()).isEqualTo(200);
  }

  private static Response byParty(String cookie, String party) {
    return given()
        .cookie("conserver_console", cookie)
        .queryParam("party", party)
        .get("/console/acme/conversations");
  }

  @Test
  void conversationPage_showsPartiesChatAndAnIntactLedger() {
    String acme = signIn("acme", key(ServerTestResource.ACME_KEY));
    Response r = page(acme, "/console/acme/conversations/" + CHAT);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Security-Policy")).contains("script-src 'self'");
    assertThat(r.asString())
        .contains("Hello, I would like to check my order.")
        .contains("Hash chain intact")
        .contains("Lineage ledger");
    assertThat(page(acme, "/console/acme/conversations/not-a-uuid").statusCode()).isEqualTo(404);
    assertThat(
            page(acme, "/console/acme/conversations/019f4000-0000-8000-8000-00000000dead")
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void recording_streamsWithRangeSupport() {
    String acme = signIn("acme", key(ServerTestResource.ACME_KEY));
    String base = "/console/acme/conversations/" + CALL + "/media/0/original";
    Response whole = page(acme, base);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.getContentType()).startsWith("audio/ogg");
    assertThat(whole.getHeader("Accept-Ranges")).isEqualTo("bytes");
    assertThat(whole.asByteArray()).isEqualTo(tone);

    Response part =
        given().cookie("conserver_console", acme).header("Range", "bytes=100-199").get(base);
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.getHeader("Content-Range")).isEqualTo("bytes 100-199/" + tone.length);
    assertThat(part.asByteArray()).isEqualTo(Arrays.copyOfRange(tone, 100, 200));

    Response suffix =
        given().cookie("conserver_console", acme).header("Range", "bytes=-10").get(base);
    assertThat(suffix.asByteArray())
        .isEqualTo(Arrays.copyOfRange(tone, tone.length - 10, tone.length));

    Response outside =
        given()
            .cookie("conserver_console", acme)
            .header("Range", "bytes=" + tone.length + "-")
            .get(base);
    assertThat(outside.statusCode()).isEqualTo(416);
    assertThat(outside.getHeader("Content-Range")).isEqualTo("bytes */" + tone.length);

    assertThat(
            page(acme, "/console/acme/conversations/" + CALL + "/media/0/..%2F..%2Fconfig")
                .statusCode())
        .isEqualTo(404);
    assertThat(page(acme, "/console/acme/conversations/" + CHAT + "/media/0/original").statusCode())
        .isEqualTo(404);
  }

  @Test
  void aRecordingRedactionReplaced_playsBothVersions() throws Exception {
    // The two stage copies a redacted recording leaves: the first names the original media, the
    // redact stage's names the masked media (written here as the stages would, through the store).
    String id = "019f4000-0000-8000-8000-000000000005";
    byte[] masked =
        Files.readAllBytes(
            Path.of("../../shared/media/src/test/resources/audio/tone-440hz-44k1-stereo.ogg"));
    var store =
        new LocalTenant(Path.of(System.getProperty(ServerTestResource.DATA)), "acme").store();
    String[] urls = new String[2];
    byte[][] media = {tone, masked};
    for (int i = 0; i < 2; i++) {
      String hash = ContentHash.sha512(media[i]).toString();
      store.putBytes(BucketLayout.mediaKey(hash), media[i], PutOptions.BINARY);
      urls[i] = MediaStore.defaultBaseUrl("acme") + BucketLayout.mediaKey(hash);
    }
    String[] stages = {"ingest", "redact"};
    for (int i = 0; i < 2; i++) {
      String copy =
          "{\"uuid\":\""
              + id
              + "\",\"created_at\":\"2026-11-19T10:00:00.000Z\",\"subject\":\"Masked call\","
              + "\"parties\":[{\"name\":\"[NAME]\"}],\"dialog\":[{\"type\":\"recording\","
              + "\"start\":\"2026-11-19T10:00:00.000Z\",\"parties\":[0],\"mediatype\":\"audio/ogg\","
              + "\"url\":\""
              + urls[i]
              + "\"}],\"analysis\":[{\"type\":\"transcript\",\"dialog\":0,\"body\":"
              + "{\"text\":\"my name is [NAME] thanks\"}}]}";
      store.putBytes(
          BucketLayout.outputKey("default", stages[i], id),
          copy.getBytes(StandardCharsets.UTF_8),
          PutOptions.JSON);
    }
    String acme = signIn("acme", key(ServerTestResource.ACME_KEY));
    String html = page(acme, "/console/acme/conversations/" + id).asString();
    assertThat(html)
        .contains("data-testid=\"audio-original\"")
        .contains("data-testid=\"audio-redacted\"")
        .contains("<mark class=\"redacted\" title=\"redacted\">[NAME]</mark>");
    String base = "/console/acme/conversations/" + id + "/media/0/";
    assertThat(page(acme, base + "original").asByteArray()).isEqualTo(tone);
    assertThat(page(acme, base + "redacted").asByteArray()).isEqualTo(masked);
  }

  @Test
  void erase_needsTheScopeAndTheToken_andEndsWithAVerifiedReceipt() {
    String plain = signIn("acme", key(ServerTestResource.ACME_KEY));
    String plainToken = csrf(page(plain, "/console/acme/compliance").asString());
    assertThat(erase(plain, plainToken, null).statusCode()).isEqualTo(403);

    String dpo = signIn("acme", key(ServerTestResource.ACME_ERASE_KEY));
    String token = csrf(page(dpo, "/console/acme/compliance").asString());
    assertThat(erase(dpo, null, null).statusCode()).isEqualTo(403);
    assertThat(erase(dpo, "forged", null).statusCode()).isEqualTo(403);
    assertThat(erase(dpo, token, "https://evil.example").statusCode()).isEqualTo(403);
    // Another session's token does not fit this session.
    String other = signIn("acme", key(ServerTestResource.ACME_ERASE_KEY));
    assertThat(erase(other, token, null).statusCode()).isEqualTo(403);

    Response started = erase(dpo, token, null);
    assertThat(started.statusCode()).isEqualTo(303);
    String location = started.getHeader("Location");
    assertThat(location).contains("/console/acme/compliance/erase/");
    String path = location.substring(location.indexOf("/console/"));
    await()
        .atMost(TIMEOUT)
        .until(() -> page(dpo, path).asString().contains("data-testid=\"erase-status\">done<"));
    String done = page(dpo, path).asString();
    assertThat(done).contains("Signature valid").doesNotContain(ERASED_PARTY.substring(4));
    assertThat(bucket("acme").resolve("vcons/default/ingest/" + ERASED + ".vcon.json"))
        .doesNotExist();
    assertThat(page(dpo, "/console/acme/compliance").asString())
        .contains(path.substring(path.lastIndexOf('/') + 1));
  }

  @Test
  void holdsAndAudit_fromTheCompliancePage() {
    String dpo = signIn("acme", key(ServerTestResource.ACME_ERASE_KEY));
    String token = csrf(page(dpo, "/console/acme/compliance").asString());
    Response set =
        given()
            .redirects()
            .follow(false)
            .cookie("conserver_console", dpo)
            .formParam("csrf", token)
            .formParam("kind", "conversation")
            .formParam("target", CHAT)
            .formParam("case", "CASE-7")
            .formParam("reason", "litigation <hold>")
            .post("/console/acme/compliance/holds");
    assertThat(set.statusCode()).isEqualTo(303);
    String html = page(dpo, "/console/acme/compliance").asString();
    assertThat(html).contains("CASE-7").contains("litigation &lt;hold&gt;");
    Matcher hold = Pattern.compile("name=\"hold\" value=\"([^\"]+CASE-7)\"").matcher(html);
    assertThat(hold.find()).isTrue();
    Response released =
        given()
            .redirects()
            .follow(false)
            .cookie("conserver_console", dpo)
            .formParam("csrf", token)
            .formParam("hold", hold.group(1))
            .post("/console/acme/compliance/holds/release");
    assertThat(released.statusCode()).isEqualTo(303);
    assertThat(page(dpo, "/console/acme/compliance").asString()).doesNotContain("CASE-7");

    String audit = page(dpo, "/console/acme/compliance/audit?uuid=" + CHAT).asString();
    assertThat(audit)
        .contains("hash chain intact")
        .contains("&quot;stage&quot;: &quot;ingest&quot;");
    assertThat(page(dpo, "/console/acme/compliance/audit?uuid=../../x").statusCode())
        .isEqualTo(400);
  }

  private static Response erase(String cookie, String token, String origin) {
    var request =
        given()
            .redirects()
            .follow(false)
            .cookie("conserver_console", cookie)
            .formParam("party", ERASED_PARTY)
            .formParam("policy", "erase");
    if (token != null) {
      request.formParam("csrf", token);
    }
    if (origin != null) {
      request.header("Origin", origin);
    }
    return request.post("/console/acme/compliance/erase");
  }

  @Test
  void quarantine_retryAndDiscard_keepAnAuditRecord() throws Exception {
    Path inbox = bucket("acme").resolve("inbox/default");
    Files.createDirectories(inbox);
    Files.writeString(inbox.resolve("broken-one.vcon.json"), "{not json", StandardCharsets.UTF_8);
    Files.writeString(
        inbox.resolve("broken-two.vcon.json"), "{not json either", StandardCharsets.UTF_8);
    Path records = bucket("acme").resolve("quarantine/default/ingest");
    await()
        .atMost(TIMEOUT)
        .until(() -> Files.isDirectory(records) && Files.list(records).count() >= 2);

    String dpo = signIn("acme", key(ServerTestResource.ACME_ERASE_KEY));
    String html = page(dpo, "/console/acme/quarantine").asString();
    assertThat(html).contains("broken-one.vcon.json").contains("broken-two.vcon.json");
    String token = csrf(html);
    Matcher refs =
        Pattern.compile("quarantine/(default/ingest/[A-Za-z0-9-]+)/discard").matcher(html);
    assertThat(refs.find()).isTrue();
    String first = refs.group(1);
    assertThat(refs.find()).isTrue();
    String second = refs.group(1);

    String plain = signIn("acme", key(ServerTestResource.ACME_KEY));
    String plainToken = csrf(page(plain, "/console/acme/quarantine").asString());
    assertThat(action(plain, plainToken, first, "discard").statusCode()).isEqualTo(403);
    assertThat(action(dpo, token, first, "discard").statusCode())
        .as("no reason given")
        .isEqualTo(400);

    Response discarded =
        given()
            .redirects()
            .follow(false)
            .cookie("conserver_console", dpo)
            .formParam("csrf", token)
            .formParam("reason", "test <b>junk</b>")
            .post("/console/acme/quarantine/" + first + "/discard");
    assertThat(discarded.statusCode()).isEqualTo(303);
    Path audit = bucket("acme").resolve("audit/quarantine/" + first + ".json");
    assertThat(audit).exists();
    assertThat(Files.readString(audit)).contains("\"by\":\"dpo\"").contains("test <b>junk</b>");
    assertThat(bucket("acme").resolve("quarantine/" + first + ".json")).doesNotExist();

    assertThat(action(dpo, token, second, "retry").statusCode()).isEqualTo(303);
    // Released, it runs again at once and, still broken, comes back quarantined.
    await()
        .atMost(TIMEOUT)
        .until(() -> Files.exists(bucket("acme").resolve("quarantine/" + second + ".json")));
    String after = page(dpo, "/console/acme/quarantine").asString();
    assertThat(after).contains("test &lt;b&gt;junk&lt;/b&gt;").contains("discarded by key dpo");
    assertThat(page(dpo, "/console/acme/quarantine/../config.json/x/retry").statusCode())
        .isNotEqualTo(200);
  }

  private static Response action(String cookie, String token, String reference, String verb) {
    return given()
        .redirects()
        .follow(false)
        .cookie("conserver_console", cookie)
        .formParam("csrf", token)
        .post("/console/acme/quarantine/" + reference + "/" + verb);
  }

  @Test
  void revokingTheKey_endsItsSessions() {
    Path data = Path.of(System.getProperty(ServerTestResource.DATA));
    String key = LocalConfig.createApiKey(data, "acme", "temp").key();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                given()
                        .redirects()
                        .follow(false)
                        .formParam("tenant", "acme")
                        .formParam("key", key)
                        .post("/console/sign-in")
                        .statusCode()
                    == 303);
    String session = signIn("acme", key);
    assertThat(page(session, "/console/acme/usage").statusCode()).isEqualTo(200);
    LocalConfig.revokeApiKey(data, "acme", "temp");
    await().atMost(TIMEOUT).until(() -> page(session, "/console/acme/usage").statusCode() == 303);
  }

  @Test
  void pipelinesAndUsage_showTheCounts() {
    String acme = signIn("acme", key(ServerTestResource.ACME_KEY));
    String pipelines = page(acme, "/console/acme/pipelines").asString();
    assertThat(pipelines).contains("data-stage=\"ingest\"").contains("Retention");
    Matcher out =
        Pattern.compile("data-stage=\"ingest\"[\\s\\S]*?data-testid=\"out\">(\\d+)<")
            .matcher(pipelines);
    assertThat(out.find()).isTrue();
    assertThat(Integer.parseInt(out.group(1))).isGreaterThanOrEqualTo(2);
    String usage = page(acme, "/console/acme/usage").asString();
    Matcher calls = Pattern.compile("<strong>(\\d+)</strong> calls").matcher(usage);
    assertThat(calls.find()).isTrue();
    assertThat(Integer.parseInt(calls.group(1))).isGreaterThanOrEqualTo(2);
    assertThat(page(acme, "/console/acme/usage?from=junk").statusCode()).isEqualTo(400);
  }
}
