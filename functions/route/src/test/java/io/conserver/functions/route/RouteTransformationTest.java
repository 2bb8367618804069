package io.conserver.functions.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.Vcon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The route stage through the real runner on a local bucket. */
class RouteTransformationTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  private static final String UUID = "019f2a00-0000-8000-8000-000000000002";
  private static final String VCON =
      "{\"uuid\":\""
          + UUID
          + "\",\"created_at\":\"2026-11-20T10:00:00Z\","
          + "\"parties\":[{\"name\":\"Pat\",\"role\":\"customer\"},{\"name\":\"Sam\"}],"
          + "\"dialog\":[{\"type\":\"text\",\"start\":\"2026-11-20T10:00:00Z\",\"parties\":[0,1],"
          + "\"duration\":75,\"mediatype\":\"text/plain\",\"encoding\":\"none\",\"body\":\"too expensive\"}],"
          + "\"analysis\":[{\"type\":\"objections\",\"vendor\":\"conserver\",\"encoding\":\"json\","
          + "\"body\":{\"objections\":[{\"type\":\"price\",\"text\":\"too expensive\",\"party\":0}]}}]}";

  @TempDir Path dir;
  private FileSystemBlobStore store;
  private BlobMetadata input;

  @BeforeEach
  void setUp() {
    store = new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
    input =
        store.putBytes(
            "vcons/sales/analyze/" + UUID + ".vcon.json",
            VCON.getBytes(StandardCharsets.UTF_8),
            PutOptions.JSON);
  }

  private StageOutcome run(String options) {
    String pipeline =
        "{\"name\":\"sales\",\"stages\":[{\"name\":\"analyze\",\"function\":\"analyze\"},"
            + "{\"name\":\"route\",\"function\":\"route\",\"options\":"
            + options
            + "},{\"name\":\"export\",\"function\":\"export\",\"options\":{\"sinks\":[\"lake\"]}}],"
            + "\"sinks\":{\"lake\":{\"type\":\"files\"}},\"lawful_basis_default\":\"contract\"}";
    return new StageRunner(
            store,
            "t1",
            PipelineParser.parse(pipeline.getBytes(StandardCharsets.UTF_8), "test"),
            "route",
            new RouteTransformation(),
            CLOCK)
        .handle(new ObjectCreated("t1", "local", input.key(), input.size(), input.version()), 1);
  }

  private String ledger() {
    StringBuilder all = new StringBuilder();
    store
        .list("ledger/" + UUID + "/")
        .forEach(
            m -> all.append(new String(store.getBytes(m.key(), 100_000), StandardCharsets.UTF_8)));
    return all.toString();
  }

  @Test
  void priceObjection_isRoutedToTheCoachingPipeline_once_andStopsHere() {
    String options =
        "{\"rules\":[{\"when\":\"has_objection(\\\"price\\\") and duration > 60\","
            + "\"then\":\"route\",\"pipeline\":\"coaching\"}]}";
    assertThat(run(options)).isEqualTo(StageOutcome.STOPPED);
    String handed = "inbox/coaching/from-sales/" + UUID + ".vcon.json";
    assertThat(store.head(handed)).isPresent();
    assertThat(Vcon.parse(store.getBytes(handed, 100_000)).uuid()).isEqualTo(UUID);
    assertThat(store.head("vcons/sales/route/" + UUID + ".vcon.json")).isEmpty();
    assertThat(ledger())
        .contains("\"outcome\":\"stopped\"", "routed to pipeline coaching by rule 0");
    // a redelivered event hands nothing twice and records nothing twice
    assertThat(run(options)).isEqualTo(StageOutcome.STOPPED);
    assertThat(store.list("inbox/coaching/")).hasSize(1);
    assertThat(store.list("ledger/" + UUID + "/")).hasSize(1);
  }

  @Test
  void dropped_isRecordedWithTheRule_andNothingIsWritten() {
    assertThat(run("{\"rules\":[{\"when\":\"party_count < 3\",\"then\":\"drop\"}]}"))
        .isEqualTo(StageOutcome.STOPPED);
    assertThat(store.list("vcons/sales/route/")).isEmpty();
    assertThat(ledger()).contains("dropped by rule 0 (party_count < 3)");
  }

  @Test
  void noRuleMatches_keeps_andCopyHandsOnAndKeeps() {
    assertThat(
            run(
                "{\"rules\":[{\"when\":\"tag(\\\"vip\\\")\",\"then\":\"drop\"},"
                    + "{\"when\":\"sample(1)\",\"then\":\"copy\",\"pipeline\":\"qa\"}]}"))
        .isEqualTo(StageOutcome.WRITTEN);
    assertThat(store.head("vcons/sales/route/" + UUID + ".vcon.json")).isPresent();
    assertThat(store.head("inbox/qa/from-sales/" + UUID + ".vcon.json")).isPresent();
  }

  @Test
  void aParseError_isADeclarationError_withItsPlace() {
    assertThat(run("{\"rules\":[{\"when\":\"duration >\",\"then\":\"drop\"}]}"))
        .isEqualTo(StageOutcome.QUARANTINED);
    String record =
        new String(
            store.getBytes("quarantine/sales/route/" + UUID + ".json", 100_000),
            StandardCharsets.UTF_8);
    assertThat(record).contains("options/rules/0/when: column 11: the expression ends too early");
  }

  @Test
  void routingToItsOwnPipeline_isRefused() {
    assertThat(run("{\"rules\":[{\"when\":\"true\",\"then\":\"route\",\"pipeline\":\"sales\"}]}"))
        .isEqualTo(StageOutcome.QUARANTINED);
    assertThat(store.list("inbox/")).isEmpty();
  }

  @Test
  void sampling_isFixedByTheUuid() {
    VconFacts facts = new VconFacts(Vcon.parse(VCON));
    assertThat(facts.sampleKey()).isEqualTo(new VconFacts(Vcon.parse(VCON)).sampleKey());
    assertThat(facts.sampleKey()).isBetween(0.0, 1.0);
    assertThat(facts.duration()).isEqualTo(75.0);
    assertThat(facts.objections("price")).isEqualTo(1);
    assertThat(facts.objections("trust")).isZero();
  }
}
