package io.conserver.functions.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.conserver.functions.export.sinks.ExportContext;
import io.conserver.functions.export.sinks.PostgresSink;
import io.conserver.functions.export.sinks.WebhookSignature;
import io.conserver.functions.export.sinks.saas.SaasEnvironment;
import io.conserver.platform.erase.ResidueMatcher;
import io.conserver.platform.erase.SinkJournalEntry;
import io.conserver.platform.erase.SinkPort;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Erase reaching a real PostgreSQL sink through the port, and the residue scan reading it. */
class ExportSinkPortTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private static PipelineDeclaration pipeline() {
    return PipelineParser.parse(
        ("{\"name\":\"sales\",\"stages\":[{\"name\":\"export\",\"function\":\"export\","
                + "\"options\":{\"sinks\":[\"warehouse\"]}}],"
                + "\"sinks\":{\"warehouse\":{\"type\":\"postgres\","
                + "\"jdbc_url_ref\":\"config:sales.pg\",\"table_prefix\":\"sales_\"}},"
                + "\"lawful_basis_default\":\"contract\"}")
            .getBytes(StandardCharsets.UTF_8),
        "test");
  }

  @Test
  void deleteRemovesTheRows_andTheScanProvesIt() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      new PostgresSink("warehouse", url, new Properties(), "sales_")
          .export(TestVcons.call(), new ExportContext("t1", "sales", "export", CLOCK.instant()));
      FileSystemBlobStore store = new FileSystemBlobStore("b", dir.resolve("b"), dir.resolve("m"));
      SinkPort port =
          new ExportSinkPort(
              store,
              "t1",
              Map.of("sales", pipeline()),
              new SecretRefs(name -> null, Map.of("sales.pg", url)::get),
              CLOCK);
      ResidueMatcher alice = ResidueMatcher.forIdentifier("tel:+15550000000");

      List<SinkPort.SinkScan> before = port.scan(alice);
      assertThat(before).hasSize(1);
      assertThat(before.get(0).matches())
          .anyMatch(m -> m.startsWith("sales_parties/" + TestVcons.UUID + "/0"));

      SinkPort.SinkDeletion deletion =
          port.delete(
              new SinkJournalEntry(
                  "sinks/journal/" + TestVcons.UUID + "/warehouse.json",
                  TestVcons.UUID,
                  "sales",
                  "export",
                  "warehouse",
                  "postgres",
                  List.of("sales_vcons/" + TestVcons.UUID)));

      assertThat(deletion.outcome()).isEqualTo(SinkPort.SinkDeletion.Outcome.DELETED);
      SinkPort.SinkScan after = port.scan(alice).get(0);
      assertThat(after.matches()).isEmpty();
      assertThat(after.records()).isZero();
    }
  }

  @Test
  void aRedactedCopysRow_isDeletedByTheUuidItWasExportedUnder_notTheConversationId()
      throws Exception {
    // After a redact stage the sink keys the row by the redacted copy's own uuid, while the journal
    // is kept under the conversation id: deleting by the conversation id would leave the row.
    String conversation = "019f1c00-7a1b-8c2d-9e3f-405162738495";
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      new PostgresSink("warehouse", url, new Properties(), "sales_")
          .export(TestVcons.call(), new ExportContext("t1", "sales", "export", CLOCK.instant()));
      SinkPort port =
          new ExportSinkPort(
              new FileSystemBlobStore("b", dir.resolve("b"), dir.resolve("m")),
              "t1",
              Map.of("sales", pipeline()),
              new SecretRefs(name -> null, Map.of("sales.pg", url)::get),
              CLOCK);
      com.fasterxml.jackson.databind.node.ObjectNode journal =
          new SinkJournalEntry(
                  "sinks/journal/" + conversation + "/warehouse.json",
                  conversation,
                  "sales",
                  "export",
                  "warehouse",
                  "postgres",
                  List.of("sales_vcons/" + TestVcons.UUID),
                  TestVcons.UUID)
              .toJson();

      port.delete(SinkJournalEntry.of(journal.path("key").asText(), journal));

      assertThat(port.scan(ResidueMatcher.forIdentifier("tel:+15550000000")).get(0).records())
          .isZero();
    }
  }

  @Test
  void webhookReceivers_areSentVconDeleted_perDeliveredUuid_andAnUndeclaredSinkWaits()
      throws Exception {
    List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicInteger status =
        new java.util.concurrent.atomic.AtomicInteger(503);
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        x -> {
          byte[] body = x.getRequestBody().readAllBytes();
          String ts = x.getRequestHeaders().getFirst("X-Conserver-Timestamp");
          if (WebhookSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8), ts, body)
              .equals(x.getRequestHeaders().getFirst("X-Conserver-Signature"))) {
            received.add(
                x.getRequestHeaders().getFirst("Idempotency-Key")
                    + " "
                    + new String(body, StandardCharsets.UTF_8));
          }
          x.sendResponseHeaders(status.get(), -1);
          x.close();
        });
    receiver.start();
    try {
      String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
      SinkPort port =
          new ExportSinkPort(
              new FileSystemBlobStore("b", dir.resolve("b"), dir.resolve("m")),
              "t1",
              Map.of("sales", webhookPipeline(url)),
              new SecretRefs(Map.of("ZAP_SECRET", SECRET)::get, name -> null),
              CLOCK,
              SaasEnvironment.forTests(
                  URI.create("http://127.0.0.1:1/token"),
                  URI.create("http://127.0.0.1:1"),
                  CLOCK,
                  d -> {}));
      String redacted = "019f15a6-a752-826f-b9a2-279e0d16bc46";
      SinkJournalEntry entry =
          new SinkJournalEntry(
              "k",
              TestVcons.UUID,
              "sales",
              "export",
              "zap",
              "webhook",
              List.of("127.0.0.1#" + redacted + ":export"));

      // The receiver is down: the erase stops here (transient), and a rerun asks again.
      assertThatThrownBy(() -> port.delete(entry)).hasMessageContaining("503");
      status.set(202);
      SinkPort.SinkDeletion webhook = port.delete(entry);

      assertThat(webhook.outcome()).isEqualTo(SinkPort.SinkDeletion.Outcome.NOTIFIED);
      assertThat(webhook.detail()).contains("vcon.deleted sent to 127.0.0.1");
      // The uuid delivered (a redacted copy's), not the conversation id; the same key both times.
      assertThat(received)
          .hasSize(2)
          .allSatisfy(
              r ->
                  assertThat(r)
                      .startsWith(
                          redacted
                              + ":deleted {\"event\":\"vcon.deleted\",\"uuid\":\""
                              + redacted));

      assertThatThrownBy(
              () ->
                  port.delete(
                      new SinkJournalEntry(
                          "k", TestVcons.UUID, "sales", "export", "gone", "files", List.of())))
          .hasMessageContaining("no longer declared");
    } finally {
      receiver.stop(0);
    }
  }

  private static final String SECRET = "whsec-test-only";

  private static PipelineDeclaration webhookPipeline(String url) {
    return PipelineParser.parse(
        ("{\"name\":\"sales\",\"stages\":[{\"name\":\"export\",\"function\":\"export\","
                + "\"allow_unredacted_outside\":true,\"options\":{\"sinks\":[\"zap\"]}}],"
                + "\"sinks\":{\"zap\":{\"type\":\"webhook\",\"url\":\""
                + url
                + "\",\"secret_ref\":\"env:ZAP_SECRET\"}},"
                + "\"lawful_basis_default\":\"contract\"}")
            .getBytes(StandardCharsets.UTF_8),
        "test");
  }
}
