package io.conserver.functions.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.VconJson;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export stage end to end into a real PostgreSQL: the declaration names the JDBC URL by
 * reference, a redelivery exports nothing twice, and the journal points at the row.
 */
class ExportToPostgresTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void exportsThroughTheRunner_withTheUrlByReference_andJournalsTheRow() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      PipelineDeclaration pipeline =
          PipelineParser.parse(
              ("{\"name\":\"sales\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\"},"
                      + "{\"name\":\"export\",\"function\":\"export\","
                      + "\"options\":{\"sinks\":[\"warehouse\"]}}],"
                      + "\"sinks\":{\"warehouse\":{\"type\":\"postgres\","
                      + "\"jdbc_url_ref\":\"config:sales.pg\",\"table_prefix\":\"sales_\"}},"
                      + "\"lawful_basis_default\":\"contract\"}")
                  .getBytes(StandardCharsets.UTF_8),
              "test");
      FileSystemBlobStore store =
          new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
      SecretRefs refs = new SecretRefs(name -> null, Map.of("sales.pg", url)::get);
      StageRunner runner =
          new StageRunner(store, "t1", pipeline, "export", new ExportTransformation(refs), CLOCK);
      BlobMetadata m =
          store.putBytes(
              "vcons/sales/ingest/" + TestVcons.UUID + ".vcon.json",
              TestVcons.call().toBytes(),
              PutOptions.JSON);
      ObjectCreated event = new ObjectCreated("t1", "local", m.key(), m.size(), m.version());

      assertThat(runner.handle(event, 1)).isEqualTo(StageOutcome.WRITTEN);
      assertThat(runner.handle(event, 2)).isEqualTo(StageOutcome.DUPLICATE);

      try (Connection c = DriverManager.getConnection(url);
          ResultSet r =
              c.createStatement()
                  .executeQuery("SELECT count(*), min(tenant), min(pipeline) FROM sales_vcons")) {
        r.next();
        assertThat(r.getInt(1)).isEqualTo(1);
        assertThat(r.getString(2) + "/" + r.getString(3)).isEqualTo("t1/sales");
      }
      JsonNode journal =
          VconJson.codec()
              .read(store.getBytes("sinks/journal/" + TestVcons.UUID + "/warehouse.json", 10_000));
      assertThat(journal.path("type").asText()).isEqualTo("postgres");
      assertThat(journal.path("target_ids").get(0).asText())
          .isEqualTo("sales_vcons/" + TestVcons.UUID);
    }
  }
}
