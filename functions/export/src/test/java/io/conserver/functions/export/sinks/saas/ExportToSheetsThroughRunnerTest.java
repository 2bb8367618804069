package io.conserver.functions.export.sinks.saas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.export.ExportTransformation;
import io.conserver.functions.export.TestVcons;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.testing.MutableClock;
import io.conserver.vcon.VconJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export stage through the real stage runner with a sheets sink declared in a pipeline: a sink
 * that is down is retried, then quarantined; a refusal quarantines at once with its reason; the
 * journal is written only once the sheet confirmed the row.
 */
class ExportToSheetsThroughRunnerTest {
  private static final TestKeys KEYS = new TestKeys();
  // The export stage opts in to sending unredacted data: this test is about the sink, with
  // synthetic vCons; a real pipeline redacts first (the parser requires one or the other).
  private static final String PIPELINE =
      "{\"name\":\"crm\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\"},"
          + "{\"name\":\"export\",\"function\":\"export\",\"max_receive_count\":3,"
          + "\"allow_unredacted_outside\":true,"
          + "\"options\":{\"sinks\":[\"team-sheet\"]}}],"
          + "\"sinks\":{\"team-sheet\":{\"type\":\"sheets\",\"spreadsheet_id\":\""
          + FakeGoogleSheets.SPREADSHEET
          + "\",\"sheet\":\"%s\",\"credentials_ref\":\"config:crm.google\","
          + "\"fields\":{\"subject\":\"subject\",\"customer\":\"parties[1].tel\"}}},"
          + "\"lawful_basis_default\":\"contract\"}";

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private FakeGoogleSheets google;
  private FileSystemBlobStore store;
  private ObjectCreated event;

  @BeforeEach
  void start() throws Exception {
    google = new FakeGoogleSheets(KEYS.publicKey(), clock);
    store = new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
    BlobMetadata m =
        store.putBytes(
            "vcons/crm/ingest/" + TestVcons.UUID + ".vcon.json",
            TestVcons.call().toBytes(),
            PutOptions.JSON);
    event = new ObjectCreated("t1", "local", m.key(), m.size(), m.version());
  }

  @AfterEach
  void stop() {
    google.close();
  }

  private StageRunner runner(String sheet) {
    SecretRefs refs =
        new SecretRefs(
            name -> null, Map.of("crm.google", google.serviceAccountJson(KEYS.privatePem()))::get);
    SaasEnvironment saas =
        SaasEnvironment.forTests(URI.create(google.tokenUrl()), google.base(), clock, waits::add);
    return new StageRunner(
        store,
        "t1",
        PipelineParser.parse(
            String.format(PIPELINE, sheet).getBytes(StandardCharsets.UTF_8), "crm.json"),
        "export",
        new ExportTransformation(refs, saas),
        clock);
  }

  private String quarantineError() {
    String key = store.list("quarantine/crm/export/").get(0).key();
    return VconJson.codec().read(store.getBytes(key, 100_000)).path("error").toString();
  }

  @Test
  void exported_thenJournalled_andARedeliveryAddsNoRow() {
    StageRunner runner = runner(FakeGoogleSheets.SHEET);

    assertThat(runner.handle(event, 1)).isEqualTo(StageOutcome.WRITTEN);
    assertThat(runner.handle(event, 2)).isEqualTo(StageOutcome.DUPLICATE);

    assertThat(google.rows)
        .containsExactly(List.of(TestVcons.UUID, "Order, \"late\"", "+15550000001"));
    JsonNode journal =
        VconJson.codec()
            .read(store.getBytes("sinks/journal/" + TestVcons.UUID + "/team-sheet.json", 10_000));
    assertThat(journal.path("type").asText()).isEqualTo("sheets");
    assertThat(journal.path("target_ids").get(0).asText())
        .isEqualTo(FakeGoogleSheets.SPREADSHEET + "/'Calls 2026'!A1:C1");
  }

  @Test
  void aSheetThatIsDown_isRetried_thenQuarantined_withNothingJournalled() {
    for (int i = 0; i < 9; i++) {
      google.failNext(503, FakeGoogleSheets.error(503, "UNAVAILABLE", "unavailable").body(), null);
    }
    StageRunner runner = runner(FakeGoogleSheets.SHEET);

    assertThat(runner.handle(event, 1)).isEqualTo(StageOutcome.RETRY);
    assertThat(runner.handle(event, 2)).isEqualTo(StageOutcome.RETRY);
    assertThat(runner.handle(event, 3)).isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineError()).contains("answered 503 (UNAVAILABLE)");
    assertThat(store.list("sinks/")).isEmpty();
    assertThat(google.rows).isEmpty();
  }

  @Test
  void aRefusal_quarantinesAtOnce_withTheReason() {
    StageRunner runner = runner("Renamed sheet");

    assertThat(runner.handle(event, 1)).isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineError())
        .contains("team-sheet")
        .contains("Google Sheets refused GET with 400 (INVALID_ARGUMENT)");
    assertThat(store.list("sinks/")).isEmpty();
  }
}
