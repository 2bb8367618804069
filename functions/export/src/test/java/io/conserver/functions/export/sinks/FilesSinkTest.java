package io.conserver.functions.export.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.export.TestVcons;
import io.conserver.functions.export.sinks.parquet.StringTableWriter;
import io.conserver.platform.runner.ExportArea;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files sink's formats, each read back with a reader that is not ours. */
class FilesSinkTest {
  private static final ExportContext CONTEXT =
      new ExportContext("t1", "sales", "export", Instant.parse("2026-11-26T10:00:00Z"));
  private static final String BASE = "exports/sales/lake/2026-11-20/" + TestVcons.UUID;

  @TempDir Path dir;
  private FileSystemBlobStore store;
  private ExportArea area;

  @BeforeEach
  void setUp() {
    store = new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
    area = new ExportArea(store, "sales");
  }

  private byte[] bytes(String key) {
    return store.getBytes(key, 10_000_000);
  }

  @Test
  void parquet_withoutFields_carriesTheSummaryColumns_asOptionalStrings() throws Exception {
    FilesSink sink = new FilesSink("lake", List.of("parquet"), Optional.empty(), area);

    SinkReceipt receipt = sink.export(TestVcons.call(), CONTEXT);

    assertThat(receipt.targetIds()).containsExactly(BASE + ".parquet");
    ParquetReadBack file = new ParquetReadBack(bytes(BASE + ".parquet"), dir);
    assertThat(file.schema.getFields())
        .extracting(Type::getName)
        .containsExactlyElementsOf(FieldMapping.SUMMARY.columns());
    Type uuid = file.schema.getType("uuid");
    assertThat(uuid.getRepetition()).isEqualTo(Type.Repetition.OPTIONAL);
    assertThat(uuid.asPrimitiveType().getPrimitiveTypeName())
        .isEqualTo(PrimitiveType.PrimitiveTypeName.BINARY);
    assertThat(uuid.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
    assertThat(file.rows).hasSize(1);
    Map<String, String> row = file.rows.get(0);
    assertThat(row)
        .containsEntry("uuid", TestVcons.UUID)
        .containsEntry("subject", "Order, \"late\"")
        .containsEntry("party_tels", "+15550000000|+15550000001")
        .containsEntry("dialog_durations_s", "42.5")
        .doesNotContainKey("updated_at"); // the vCon has none: a null, not ""
  }

  @Test
  void declaredFields_shapeCsvJsonLinesAndParquet_alike() throws Exception {
    Vcon vcon = withCustomerAndTranscript();
    FilesSink sink =
        new FilesSink(
            "lake",
            List.of("jsonl", "csv", "parquet"),
            Optional.of(
                FieldMappings.of(
                    "{\"id\":\"uuid\",\"customer_tel\":\"parties[role=customer].tel\","
                        + "\"transcript\":\"analysis[type=transcript].body.text\","
                        + "\"started\":\"dialog[0].start\",\"missing\":\"dialog[5].start\"}")),
            area);

    sink.export(vcon, CONTEXT);

    assertThat(new String(bytes(BASE + ".csv"), StandardCharsets.UTF_8))
        .isEqualTo(
            "id,customer_tel,transcript,started,missing\r\n\""
                + TestVcons.UUID
                + "\",\"+15550000001\",\"hello, my order is late\",\"2026-11-20T09:30:00Z\",\"\"\r\n");
    assertThat(VconJson.codec().read(bytes(BASE + ".jsonl")).toString())
        .isEqualTo(
            "{\"id\":\""
                + TestVcons.UUID
                + "\",\"customer_tel\":\"+15550000001\",\"transcript\":\"hello, my order is late\","
                + "\"started\":\"2026-11-20T09:30:00Z\",\"missing\":null}");
    ParquetReadBack parquet = new ParquetReadBack(bytes(BASE + ".parquet"), dir);
    assertThat(parquet.rows)
        .containsExactly(
            Map.of(
                "id", TestVcons.UUID,
                "customer_tel", "+15550000001",
                "transcript", "hello, my order is late",
                "started", "2026-11-20T09:30:00Z"));
  }

  @Test
  void delete_removesParquetToo() throws Exception {
    FilesSink sink = new FilesSink("lake", List.of("parquet", "jsonl"), Optional.empty(), area);
    sink.export(TestVcons.call(), CONTEXT);
    sink.delete(TestVcons.UUID);
    assertThat(store.list("exports/")).isEmpty();
  }

  @Test
  void theParquetWriter_handlesManyRows_nullRuns_andLongValues() throws Exception {
    // Beyond what one vCon per file needs, so the encoding (RLE runs, varints past one byte,
    // list headers past 14 elements) is checked by the Apache reader too.
    List<String> columns = new ArrayList<>();
    for (int c = 0; c < 20; c++) {
      columns.add("c" + c);
    }
    List<List<String>> rows = new ArrayList<>();
    for (int r = 0; r < 300; r++) {
      String[] cells = new String[20];
      for (int c = 0; c < 20; c++) {
        cells[c] = (r / 7 + c) % 3 == 0 ? null : "r" + r + "c" + c + "é".repeat(r);
      }
      rows.add(Arrays.asList(cells));
    }

    ParquetReadBack file = new ParquetReadBack(StringTableWriter.write(columns, rows), dir);

    assertThat(file.rows).hasSize(300);
    for (int r = 0; r < 300; r++) {
      for (int c = 0; c < 20; c++) {
        assertThat(file.rows.get(r).get("c" + c))
            .as("row %d col %d", r, c)
            .isEqualTo(rows.get(r).get(c));
      }
    }
  }

  private static Vcon withCustomerAndTranscript() {
    ObjectNode json = TestVcons.call().toJson();
    ((ObjectNode) json.withArray("parties").get(1)).put("role", "customer");
    json.withArray("analysis")
        .addObject()
        .put("type", "transcript")
        .put("dialog", 0)
        .put("encoding", "json")
        .putObject("body")
        .put("text", "hello, my order is late");
    return Vcon.of(json);
  }
}
