package io.conserver.functions.export.sinks.saas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.export.TestVcons;
import io.conserver.functions.export.sinks.ExportContext;
import io.conserver.functions.export.sinks.FieldMappings;
import io.conserver.functions.export.sinks.SinkReceipt;
import io.conserver.functions.export.sinks.SinkRejectedException;
import io.conserver.functions.export.sinks.SinkUnavailableException;
import io.conserver.platform.testing.MutableClock;
import io.conserver.vcon.Vcon;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Google Sheets sink against the contract fake of Google's token endpoint and Sheets API. */
class SheetsSinkTest {
  private static final TestKeys KEYS = new TestKeys();
  private static final ExportContext CONTEXT =
      new ExportContext("t1", "crm", "export", Instant.parse("2026-11-26T10:00:00Z"));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private FakeGoogleSheets google;

  @BeforeEach
  void start() throws Exception {
    google = new FakeGoogleSheets(KEYS.publicKey(), clock);
  }

  @AfterEach
  void stop() {
    google.close();
  }

  private SaasEnvironment environment() {
    return SaasEnvironment.forTests(
        URI.create(google.tokenUrl()), google.base(), clock, waits::add);
  }

  private SheetsSink sink(String privatePem) throws SinkRejectedException {
    return SheetsSink.create(
        "team-sheet",
        FakeGoogleSheets.SPREADSHEET,
        FakeGoogleSheets.SHEET,
        FieldMappings.of(
            "{\"subject\":\"subject\",\"agent\":\"parties[0].name\","
                + "\"tels\":\"parties[*].tel\",\"started\":\"dialog[0].start\","
                + "\"nothing\":\"dialog[4].start\"}"),
        google.serviceAccountJson(privatePem),
        environment());
  }

  private SheetsSink sink() throws SinkRejectedException {
    return sink(KEYS.privatePem());
  }

  @Test
  void export_appendsOneRawRow_uuidInColumnA_afterAVerifiedJwtGrant() throws Exception {
    SinkReceipt receipt = sink().export(TestVcons.call(), CONTEXT);

    assertThat(google.rows)
        .containsExactly(
            List.of(
                TestVcons.UUID,
                "Order, \"late\"",
                "Alice",
                "+15550000000|+15550000001",
                "2026-11-20T09:30:00Z",
                ""));
    assertThat(receipt.targetIds())
        .containsExactly(FakeGoogleSheets.SPREADSHEET + "/'Calls 2026'!A1:F1");
    assertThat(google.requests)
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly(
            "POST /token",
            "GET /v4/spreadsheets/" + FakeGoogleSheets.SPREADSHEET + "/values/'Calls 2026'!A:A",
            "POST /v4/spreadsheets/"
                + FakeGoogleSheets.SPREADSHEET
                + "/values/'Calls 2026'!A1:append");
    assertThat(google.requests.get(2).query())
        .containsEntry("valueInputOption", "RAW")
        .containsEntry("insertDataOption", "INSERT_ROWS");
    assertThat(google.requests.get(2).auth()).isEqualTo("Bearer ya29.fake-1");
  }

  @Test
  void reExport_rewritesTheSameRow_andReusesTheCachedToken() throws Exception {
    SheetsSink sink = sink();
    sink.export(TestVcons.call(), CONTEXT);
    sink.export(other("019f15a6-a752-826f-b9a2-279e0d16bc47"), CONTEXT);

    SinkReceipt again = sink.export(TestVcons.call("acme", "Carol", "Bob"), CONTEXT);

    assertThat(google.rows).hasSize(2);
    assertThat(google.rows.get(0)).startsWith(TestVcons.UUID, "Order, \"late\"", "Carol");
    assertThat(again.targetIds())
        .containsExactly(FakeGoogleSheets.SPREADSHEET + "/'Calls 2026'!A1:F1");
    assertThat(google.count("PUT", "/values/'Calls 2026'!A1")).isEqualTo(1);
    assertThat(google.count("POST", "/token")).isEqualTo(1);
  }

  @Test
  void theToken_isCachedUntilAMinuteBeforeItExpires() throws Exception {
    SheetsSink sink = sink();
    sink.export(TestVcons.call(), CONTEXT);
    clock.advance(Duration.ofMinutes(57));
    sink.export(TestVcons.call(), CONTEXT);
    assertThat(google.count("POST", "/token")).isEqualTo(1);

    clock.advance(Duration.ofMinutes(2)); // 59 min: within the minute before expires_in 3599 s
    sink.export(TestVcons.call(), CONTEXT);
    assertThat(google.count("POST", "/token")).isEqualTo(2);
  }

  @Test
  void a401_refreshesTheTokenOnce_andCarriesOn() throws Exception {
    SheetsSink sink = sink();
    sink.export(TestVcons.call(), CONTEXT);
    google.revokeAllTokens(); // expired or revoked before its time

    sink.export(TestVcons.call(), CONTEXT);

    assertThat(google.count("POST", "/token")).isEqualTo(2);
    assertThat(google.rows).hasSize(1);
  }

  @Test
  void a401_withAFreshToken_isARejection() throws Exception {
    SheetsSink sink = sink();
    google.failNext(401, unauthenticated(), null);
    google.failNext(401, unauthenticated(), null);

    assertThatThrownBy(() -> sink.export(TestVcons.call(), CONTEXT))
        .isInstanceOf(SinkRejectedException.class)
        .hasMessageContaining("401")
        .hasMessageContaining("UNAUTHENTICATED");
  }

  @Test
  void a429_waitsAsLongAsRetryAfterSays_thenSucceeds() throws Exception {
    SheetsSink sink = sink();
    sink.export(TestVcons.call(), CONTEXT); // token first, so the 429 hits the Sheets call
    google.failNext(
        429, FakeGoogleSheets.error(429, "RESOURCE_EXHAUSTED", "Quota exceeded").body(), "3");

    sink.export(TestVcons.call(), CONTEXT);

    assertThat(waits).containsExactly(Duration.ofSeconds(3));
    assertThat(google.rows).hasSize(1);
  }

  @Test
  void aServiceThatStaysDown_isTransient_afterBackingOff() throws Exception {
    SheetsSink sink = sink();
    sink.export(TestVcons.call(), CONTEXT);
    for (int i = 0; i < 3; i++) {
      google.failNext(
          503,
          FakeGoogleSheets.error(503, "UNAVAILABLE", "The service is currently unavailable.")
              .body(),
          null);
    }

    assertThatThrownBy(() -> sink.export(TestVcons.call(), CONTEXT))
        .isInstanceOf(SinkUnavailableException.class)
        .hasMessageContaining("503 (UNAVAILABLE) after 3 attempt(s)");
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void aRetryAfterLongerThanAFunctionShouldSleep_isLeftToTheRunner() throws Exception {
    SheetsSink sink = sink();
    sink.export(TestVcons.call(), CONTEXT);
    google.failNext(
        429, FakeGoogleSheets.error(429, "RESOURCE_EXHAUSTED", "Quota exceeded").body(), "60");

    assertThatThrownBy(() -> sink.export(TestVcons.call(), CONTEXT))
        .isInstanceOf(SinkUnavailableException.class)
        .hasMessageContaining("retry after 60 s");
    assertThat(waits).isEmpty();
  }

  @Test
  void a400_isARejection_andNothingIsWritten() throws Exception {
    SheetsSink sink = sink();
    sink.export(TestVcons.call(), CONTEXT);
    google.rows.clear();
    google.failNext(
        400, FakeGoogleSheets.error(400, "INVALID_ARGUMENT", "Invalid values[0][1]").body(), null);

    assertThatThrownBy(() -> sink.export(TestVcons.call(), CONTEXT))
        .isInstanceOf(SinkRejectedException.class)
        .hasMessageContaining("400 (INVALID_ARGUMENT)");
    assertThat(google.rows).isEmpty();
  }

  @Test
  void aKeyGoogleDoesNotKnow_isRefusedAtTheTokenEndpoint() {
    assertThatThrownBy(() -> sink(new TestKeys().privatePem()).export(TestVcons.call(), CONTEXT))
        .isInstanceOf(SinkRejectedException.class)
        .hasMessageContaining("Google refused the service credential with 400 (invalid_grant)")
        .hasMessageContaining("Invalid JWT Signature");
    assertThat(google.rows).isEmpty();
  }

  @Test
  void delete_clearsTheVconsRow_andLeavesTheOthers() throws Exception {
    SheetsSink sink = sink();
    sink.export(TestVcons.call(), CONTEXT);
    sink.export(other("019f15a6-a752-826f-b9a2-279e0d16bc47"), CONTEXT);

    sink.delete(TestVcons.UUID);
    sink.delete(TestVcons.UUID); // nothing left: no call, no error

    assertThat(google.rows.get(0)).isEmpty();
    assertThat(google.rows.get(1)).startsWith("019f15a6-a752-826f-b9a2-279e0d16bc47");
    assertThat(google.count("POST", ":clear")).isEqualTo(1);
  }

  @Test
  void aMalformedKey_orSpreadsheetId_isRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> sink("not a key"))
        .isInstanceOf(SinkRejectedException.class)
        .hasMessageContaining("PKCS#8");
    assertThatThrownBy(
            () ->
                SheetsSink.create(
                    "s",
                    "../../x",
                    "Sheet1",
                    FieldMappings.of("{\"s\":\"subject\"}"),
                    google.serviceAccountJson(KEYS.privatePem()),
                    environment()))
        .hasMessageContaining("spreadsheet_id");
    assertThat(google.requests).isEmpty();
  }

  private static String unauthenticated() {
    return FakeGoogleSheets.error(
            401, "UNAUTHENTICATED", "Request had invalid authentication credentials.")
        .body();
  }

  private static Vcon other(String uuid) {
    ObjectNode json = TestVcons.call().toJson();
    json.put("uuid", uuid);
    return Vcon.of(json);
  }
}
