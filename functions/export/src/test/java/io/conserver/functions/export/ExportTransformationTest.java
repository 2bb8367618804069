package io.conserver.functions.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.export.sinks.FilesSink;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.ExportArea;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export stage through the real stage runner on a local bucket, with a files sink. */
class ExportTransformationTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  private static final String PIPELINE =
      "{\"name\":\"sales\",\"stages\":["
          + "{\"name\":\"ingest\",\"function\":\"ingest\"},"
          + "{\"name\":\"export\",\"function\":\"export\",\"options\":{\"sinks\":[\"%s\"]}}],"
          + "\"sinks\":{\"lake\":{\"type\":\"files\",\"formats\":[\"jsonl\",\"csv\"]},"
          + "\"warehouse\":{\"type\":\"postgres\",\"jdbc_url_ref\":\"config:no.such.key\"},"
          + "\"inline\":{\"type\":\"postgres\",\"jdbc_url_ref\":\"jdbc:postgresql://db/x\"}},"
          + "\"lawful_basis_default\":\"legitimate_interest\"}";

  @TempDir Path dir;
  private FileSystemBlobStore store;

  @BeforeEach
  void setUp() {
    store = new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
  }

  private static PipelineDeclaration pipeline(String sink) {
    return PipelineParser.parse(
        String.format(PIPELINE, sink).getBytes(StandardCharsets.UTF_8), "test");
  }

  private StageOutcome run(PipelineDeclaration pipeline, Vcon vcon) {
    BlobMetadata m =
        store.putBytes(
            "vcons/sales/ingest/" + vcon.uuid() + ".vcon.json", vcon.toBytes(), PutOptions.JSON);
    StageRunner runner =
        new StageRunner(
            store,
            "t1",
            pipeline,
            "export",
            new ExportTransformation(new SecretRefs(name -> null, Map.<String, String>of()::get)),
            CLOCK);
    return runner.handle(new ObjectCreated("t1", "local", m.key(), m.size(), m.version()), 1);
  }

  private String text(String key) {
    return new String(store.getBytes(key, 1_000_000), StandardCharsets.UTF_8);
  }

  @Test
  void isFoundByFunctionName_throughTheServiceLoader() {
    assertThat(ServiceLoader.load(Transformation.class).stream().map(p -> p.get().function()))
        .contains("export");
  }

  @Test
  void filesSink_writesOneObjectPerFormat_journalsIt_andPassesTheVconThrough() {
    Vcon vcon = TestVcons.call();

    assertThat(run(pipeline("lake"), vcon)).isEqualTo(StageOutcome.WRITTEN);

    String base = "exports/sales/lake/2026-11-20/" + TestVcons.UUID;
    assertThat(Vcon.parse(text(base + ".jsonl").strip())).isEqualTo(vcon);
    assertThat(text(base + ".jsonl")).endsWith("}\n").doesNotContain("}\n{");
    assertThat(text(base + ".csv"))
        .startsWith("uuid,created_at,")
        .contains("\"Order, \"\"late\"\"\"", "\"Alice|Bob\"", "\"+15550000000|+15550000001\"")
        .contains("\"42.5\"", "\"2026-11-20T09:30:00Z\"");
    JsonNode journal =
        VconJson.codec().read(text("sinks/journal/" + TestVcons.UUID + "/lake.json"));
    assertThat(journal.path("type").asText()).isEqualTo("files");
    assertThat(journal.path("target_ids").toString()).contains(base + ".jsonl", base + ".csv");
    assertThat(journal.path("at").asText()).isEqualTo("2026-11-26T10:00:00Z");
    Vcon output =
        Vcon.parse(
            store.getBytes("vcons/sales/export/" + TestVcons.UUID + ".vcon.json", 1_000_000));
    assertThat(output).isEqualTo(vcon);
    JsonNode ledger = new Ledger(store).records(TestVcons.UUID).get(0);
    assertThat(ledger.path("warnings").toString()).contains("exported:lake");
  }

  @Test
  void filesSink_delete_removesEveryFormat_andOnlyThatVcon() throws Exception {
    run(pipeline("lake"), TestVcons.call());
    store.putBytes("exports/sales/lake/2026-11-20/other.jsonl", new byte[1], PutOptions.BINARY);
    FilesSink sink =
        new FilesSink(
            "lake", List.of("jsonl", "csv"), Optional.empty(), new ExportArea(store, "sales"));

    sink.delete(TestVcons.UUID);

    assertThat(store.list("exports/sales/lake/"))
        .extracting(BlobMetadata::key)
        .containsExactly("exports/sales/lake/2026-11-20/other.jsonl");
  }

  @Test
  void theExportArea_refusesKeysOutsideExportsAndTheJournal() {
    ExportArea area = new ExportArea(store, "sales");
    assertThatThrownBy(
            () -> area.put("vcons/sales/ingest/x.vcon.json", new byte[1], PutOptions.JSON))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> area.put("exports/other/x.jsonl", new byte[1], PutOptions.JSON))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aVconWithoutALawfulBasis_isNotExported() {
    // No lawful_basis_default declared and none in the vCon: the parser adds none of its own.
    PipelineDeclaration noDefault =
        PipelineParser.parse(
            String.format(PIPELINE, "lake")
                .replace(",\"lawful_basis_default\":\"legitimate_interest\"", "")
                .getBytes(StandardCharsets.UTF_8),
            "test");
    assertThat(noDefault.lawfulBasisDefault()).isNull();

    assertThat(run(noDefault, TestVcons.call())).isEqualTo(StageOutcome.WRITTEN);

    assertThat(store.list("exports/")).isEmpty();
    assertThat(store.list("sinks/")).isEmpty();
    JsonNode ledger = new Ledger(store).records(TestVcons.UUID).get(0);
    assertThat(ledger.path("outcome").asText()).isEqualTo("skipped");
    assertThat(ledger.path("skipped_because").asText()).contains("no lawful basis");
  }

  @Test
  void theVconsOwnLawfulBasisAttachment_decides() {
    PipelineDeclaration p = pipeline("lake");
    PipelineDeclaration noDefault =
        new PipelineDeclaration(
            p.name(), p.description(), p.sources(), p.stages(), p.sinks(), p.retentionDays(), null);
    var json = TestVcons.call().toJson();
    json.withArray("attachments")
        .addObject()
        .put("purpose", "lawful_basis")
        .put("encoding", "json")
        .putObject("body")
        .put("lawful_basis", "consent");

    assertThat(run(noDefault, Vcon.of(json))).isEqualTo(StageOutcome.WRITTEN);

    assertThat(store.list("exports/sales/lake/")).hasSize(2);
  }

  @Test
  void aMissingCredential_orAnInlineSecret_quarantinesWithAClearReason() {
    assertThat(run(pipeline("warehouse"), TestVcons.call())).isEqualTo(StageOutcome.QUARANTINED);
    assertThat(quarantineDetails()).contains("config:no.such.key is not set");

    store = new FileSystemBlobStore("local", dir.resolve("b2"), dir.resolve("m2"));
    assertThat(run(pipeline("inline"), TestVcons.call())).isEqualTo(StageOutcome.QUARANTINED);
    assertThat(quarantineDetails()).contains("must be a reference");
    assertThat(store.list("sinks/")).isEmpty();
  }

  private String quarantineDetails() {
    var key = store.list("quarantine/sales/export/").get(0).key();
    return VconJson.codec().read(store.getBytes(key, 100_000)).path("error").toString();
  }
}
