package io.conserver.functions.export.sinks.saas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.functions.export.TestVcons;
import io.conserver.functions.export.sinks.ExportContext;
import io.conserver.functions.export.sinks.FieldMappings;
import io.conserver.functions.export.sinks.SinkReceipt;
import io.conserver.functions.export.sinks.SinkRejectedException;
import io.conserver.functions.export.sinks.SinkUnavailableException;
import io.conserver.platform.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Salesforce sink against the contract fake of a connected app and the REST API. */
class SalesforceSinkTest {
  private static final TestKeys KEYS = new TestKeys();
  private static final ExportContext CONTEXT =
      new ExportContext("t1", "crm", "export", Instant.parse("2026-11-26T10:00:00Z"));
  private static final String TASK =
      "/services/data/v62.0/sobjects/Task/Conserver_Uuid__c/" + TestVcons.UUID;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private FakeSalesforce salesforce;

  @BeforeEach
  void start() throws Exception {
    salesforce = new FakeSalesforce(KEYS.publicKey(), clock);
  }

  @AfterEach
  void stop() {
    salesforce.close();
  }

  private SalesforceSink sink(String fields, String username, String pem) throws Exception {
    SaasEnvironment environment =
        SaasEnvironment.forTests(
            URI.create("https://unused.invalid/token"),
            URI.create("https://unused.invalid"),
            clock,
            waits::add);
    return SalesforceSink.create(
        "crm",
        new SalesforceSink.Settings(
            salesforce.base().toString(),
            FakeSalesforce.CONSUMER_KEY,
            username,
            "Task",
            FakeSalesforce.EXTERNAL_ID,
            "v62.0"),
        FieldMappings.of(fields),
        pem,
        environment);
  }

  private SalesforceSink sink() throws Exception {
    return sink(
        "{\"Subject\":\"subject\",\"Description\":\"analysis[type=summary].body\","
            + "\"Priority\":\"dialog[3].type\"}",
        FakeSalesforce.USERNAME,
        KEYS.privatePem());
  }

  @Test
  void export_upsertsByExternalId_afterTheJwtBearerFlow() throws Exception {
    SinkReceipt receipt = sink().export(TestVcons.call(), CONTEXT);

    assertThat(salesforce.tasks).containsOnlyKeys(TestVcons.UUID);
    assertThat(salesforce.tasks.get(TestVcons.UUID).toString())
        .contains(
            "\"Subject\":\"Order, \\\"late\\\"\"", "\"Description\":\"ok\"", "\"Priority\":null");
    assertThat(receipt.targetIds())
        .containsExactly("Task/Conserver_Uuid__c/" + TestVcons.UUID + "#00T5g00000Fake0001");
    assertThat(salesforce.requests)
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly("POST /services/oauth2/token", "PATCH " + TASK);
  }

  @Test
  void reExport_updatesTheSameRecord_withTheCachedSession() throws Exception {
    SalesforceSink sink = sink();
    sink.export(TestVcons.call(), CONTEXT);
    sink.export(TestVcons.call("acme-2", "Alice"), CONTEXT);

    assertThat(salesforce.tasks).hasSize(1);
    assertThat(salesforce.count("POST", "/oauth2/token")).isEqualTo(1);
    assertThat(salesforce.count("PATCH", TASK)).isEqualTo(2);
  }

  @Test
  void anExpiredSession_reAuthenticatesOnce() throws Exception {
    SalesforceSink sink = sink();
    sink.export(TestVcons.call(), CONTEXT);
    salesforce.revokeAllTokens();

    sink.export(TestVcons.call(), CONTEXT);

    assertThat(salesforce.count("POST", "/oauth2/token")).isEqualTo(2);
    assertThat(salesforce.requests)
        .extracting(r -> r.method())
        .containsExactly("POST", "PATCH", "PATCH", "POST", "PATCH");
  }

  @Test
  void theOrgsRequestLimit_andServerErrors_areTransient() throws Exception {
    SalesforceSink sink = sink();
    sink.export(TestVcons.call(), CONTEXT);
    for (int i = 0; i < 3; i++) {
      salesforce.failNext(
          403,
          FakeSalesforce.errors(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
              .body(),
          null);
    }
    assertThatThrownBy(() -> sink.export(TestVcons.call(), CONTEXT))
        .isInstanceOf(SinkUnavailableException.class)
        .hasMessageContaining("403 (REQUEST_LIMIT_EXCEEDED)");

    waits.clear();
    salesforce.failNext(503, "<html>Service Unavailable</html>", null);
    salesforce.failNext(429, "[]", "2");
    sink.export(TestVcons.call(), CONTEXT);
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void anUnknownField_isARejection_namingTheErrorCode() throws Exception {
    SalesforceSink sink =
        sink("{\"Subjekt\":\"subject\"}", FakeSalesforce.USERNAME, KEYS.privatePem());

    assertThatThrownBy(() -> sink.export(TestVcons.call(), CONTEXT))
        .isInstanceOf(SinkRejectedException.class)
        .hasMessage("Salesforce refused the upsert of Task with 400 (INVALID_FIELD)");
    assertThat(salesforce.tasks).isEmpty();
  }

  @Test
  void aUserWhoHasNotApprovedTheApp_isARejection() throws Exception {
    SalesforceSink sink =
        sink("{\"Subject\":\"subject\"}", "someone@example.com", KEYS.privatePem());

    assertThatThrownBy(() -> sink.export(TestVcons.call(), CONTEXT))
        .isInstanceOf(SinkRejectedException.class)
        .hasMessageContaining("invalid_grant")
        .hasMessageContaining("user hasn't approved this consumer");
  }

  @Test
  void aKeyTheAppDoesNotKnow_isARejection() throws Exception {
    SalesforceSink sink =
        sink("{\"Subject\":\"subject\"}", FakeSalesforce.USERNAME, new TestKeys().privatePem());

    assertThatThrownBy(() -> sink.export(TestVcons.call(), CONTEXT))
        .isInstanceOf(SinkRejectedException.class)
        .hasMessageContaining("invalid assertion");
  }

  @Test
  void delete_removesTheRecord_andA404IsFine() throws Exception {
    SalesforceSink sink = sink();
    sink.export(TestVcons.call(), CONTEXT);

    sink.delete(TestVcons.UUID);
    sink.delete(TestVcons.UUID);

    assertThat(salesforce.tasks).isEmpty();
    assertThat(salesforce.count("DELETE", TASK)).isEqualTo(2);
  }

  @Test
  void aCraftedUuid_neverBecomesAnotherPath() throws Exception {
    SalesforceSink sink = sink();

    assertThatThrownBy(() -> sink.delete("../../sobjects/Account/001"))
        .isInstanceOf(SinkRejectedException.class)
        .hasMessageContaining("not a plain UUID");
    assertThat(salesforce.count("DELETE", "")).isZero();
  }

  @Test
  void badNames_areRefusedBeforeAnyCall() {
    assertThatThrownBy(
            () ->
                SalesforceSink.create(
                    "crm",
                    new SalesforceSink.Settings(
                        salesforce.base().toString(), "k", "u", "Task/../x", "F__c", "v62.0"),
                    FieldMappings.of("{\"Subject\":\"subject\"}"),
                    KEYS.privatePem(),
                    SaasEnvironment.production()))
        .hasMessageContaining("object must be a Salesforce API name");
    assertThatThrownBy(
            () ->
                SalesforceSink.create(
                    "crm",
                    new SalesforceSink.Settings(
                        "http://login.example.com", "k", "u", "Task", "F__c", "v62.0"),
                    FieldMappings.of("{\"Subject\":\"subject\"}"),
                    KEYS.privatePem(),
                    SaasEnvironment.production()))
        .hasMessageContaining("https");
    assertThat(salesforce.requests).isEmpty();
  }
}
