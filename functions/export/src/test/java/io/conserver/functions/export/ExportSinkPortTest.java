package io.conserver.functions.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.functions.export.sinks.ExportContext;
import io.conserver.functions.export.sinks.PostgresSink;
import io.conserver.platform.erase.ResidueMatcher;
import io.conserver.platform.erase.SinkJournalEntry;
import io.conserver.platform.erase.SinkPort;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
  void webhookCopies_areReportedNotDeletable_andAnUndeclaredSinkWaits() throws Exception {
    SinkPort port =
        new ExportSinkPort(
            new FileSystemBlobStore("b", dir.resolve("b"), dir.resolve("m")),
            "t1",
            Map.of("sales", pipeline()),
            new SecretRefs(name -> null, name -> null),
            CLOCK);

    SinkPort.SinkDeletion webhook =
        port.delete(
            new SinkJournalEntry(
                "k",
                TestVcons.UUID,
                "sales",
                "export",
                "zap",
                "webhook",
                List.of("hooks.zapier.com#" + TestVcons.UUID + ":export")));
    assertThat(webhook.outcome()).isEqualTo(SinkPort.SinkDeletion.Outcome.NOT_DELETABLE);
    assertThat(webhook.detail()).contains("hooks.zapier.com");

    assertThatThrownBy(
            () ->
                port.delete(
                    new SinkJournalEntry(
                        "k", TestVcons.UUID, "sales", "export", "gone", "files", List.of())))
        .hasMessageContaining("no longer declared");
  }
}
