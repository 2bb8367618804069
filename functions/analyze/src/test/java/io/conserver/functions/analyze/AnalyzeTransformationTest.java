package io.conserver.functions.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.Analysis;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analyze stage through the real stage runner, the real embedding model and a local bucket. */
class AnalyzeTransformationTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private FileSystemBlobStore store;

  @BeforeEach
  void setUp() {
    store = new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
  }

  static PipelineDeclaration pipeline(String options) {
    String json =
        "{\"name\":\"sales\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\"},"
            + "{\"name\":\"analyze\",\"function\":\"analyze\",\"options\":"
            + options
            + "}],\"lawful_basis_default\":\"legitimate_interest\"}";
    return PipelineParser.parse(json.getBytes(StandardCharsets.UTF_8), "test");
  }

  private StageOutcome run(String options, Vcon vcon) {
    BlobMetadata m =
        store.putBytes(
            "vcons/sales/ingest/" + vcon.uuid() + ".vcon.json", vcon.toBytes(), PutOptions.JSON);
    return new StageRunner(
            store, "t1", pipeline(options), "analyze", new AnalyzeTransformation(), CLOCK)
        .handle(new ObjectCreated("t1", "local", m.key(), m.size(), m.version()), 1);
  }

  private Vcon output(String uuid) {
    return Vcon.of(
        VconJson.codec()
            .read(store.getBytes("vcons/sales/analyze/" + uuid + ".vcon.json", 10_000_000)));
  }

  private static JsonNode body(Vcon vcon, String type) {
    return vcon.analysis().stream()
        .filter(a -> a.type().orElse("").equals(type))
        .findFirst()
        .flatMap(Analysis::body)
        .orElseThrow();
  }

  @Test
  void isFoundByFunctionName_throughTheServiceLoader() {
    assertThat(ServiceLoader.load(Transformation.class).stream().map(p -> p.get().function()))
        .contains("analyze");
  }

  @Test
  void salesCall_findsTheCustomersObjections_withSpeakerAndTime_notTheAgents() {
    assertThat(
            run(
                "{\"keywords\":{\"upsell\":[\"premium plan\"],\"churn\":[\"cancel\"]}}",
                SalesCall.vcon()))
        .isEqualTo(StageOutcome.WRITTEN);
    Vcon out = output(SalesCall.UUID);
    Analysis entry =
        out.analysis().stream()
            .filter(a -> a.type().orElse("").equals("objections"))
            .findFirst()
            .orElseThrow();
    assertThat(entry.vendor()).contains("conserver");
    assertThat(entry.schema()).contains("conserver-objections/1");
    assertThat(entry.encoding()).contains("json");
    JsonNode hits = body(out, "objections").path("objections");
    assertThat(hits).hasSize(3);
    assertThat(hits.get(0).path("type").asText()).isEqualTo("price");
    assertThat(hits.get(0).path("text").asText()).isEqualTo("that's way too expensive for us");
    assertThat(hits.get(0).path("party").asInt()).isZero();
    assertThat(hits.get(0).path("start").asDouble()).isEqualTo(2.8);
    assertThat(hits.get(0).path("end").asDouble()).isEqualTo(4.58);
    assertThat(hits.get(0).path("source").asText()).isEqualTo("analysis/0");
    assertThat(hits.get(1).path("type").asText()).isEqualTo("authority");
    assertThat(hits.get(2).path("type").asText()).isEqualTo("need");
    assertThat(hits.get(2).path("dialog").asInt()).isEqualTo(1);
    assertThat(hits.get(2).path("at").asText()).isEqualTo("2026-11-20T10:15:00Z");
    assertThat(body(out, "objections").path("counts").path("price").asInt()).isEqualTo(1);
    // keyword tags: the agent said "premium plan"; nobody said "cancel"
    JsonNode tags =
        out.attachments().stream()
            .filter(a -> a.purpose().orElse("").equals("tags"))
            .findFirst()
            .flatMap(a -> a.body())
            .orElseThrow();
    assertThat(tags.path("upsell").asText()).isEqualTo("premium plan");
    assertThat(tags.has("churn")).isFalse();
  }

  @Test
  void salesCall_talkTimeSilenceAndTheCustomersInterruption() {
    run("{}", SalesCall.vcon());
    JsonNode dialog = body(output(SalesCall.UUID), "conversation-metrics").path("dialogs").get(0);
    assertThat(dialog.path("dialog").asInt()).isZero();
    assertThat(dialog.path("duration").asDouble()).isEqualTo(12.5);
    JsonNode customer = dialog.path("parties").get(0);
    JsonNode agent = dialog.path("parties").get(1);
    assertThat(customer.path("party").asInt()).isZero();
    assertThat(customer.path("interruptions").asInt()).isEqualTo(1);
    assertThat(agent.path("interruptions").asInt()).isZero();
    assertThat(customer.path("talk").asDouble()).isEqualTo(4.16);
    assertThat(dialog.path("overlap").asDouble()).isEqualTo(0.33);
    assertThat(dialog.path("silence").asDouble()).isGreaterThan(2.4).isLessThan(3.5);
  }

  @Test
  void sentimentPerSpeaker_customerNegativeOnPrice() {
    run("{\"objections\":false}", SalesCall.vcon());
    Vcon out = output(SalesCall.UUID);
    assertThat(out.analysis().stream().map(a -> a.type().orElse("")))
        .doesNotContain("objections")
        .contains("sentiment");
    JsonNode parties = body(out, "sentiment").path("parties");
    assertThat(parties.get(0).path("role").asText()).isEqualTo("customer");
    assertThat(parties.get(0).path("negative").asInt()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void everyBody_conformsToItsPublishedSchema() throws Exception {
    run("{}", SalesCall.vcon());
    Vcon out = output(SalesCall.UUID);
    for (String type : java.util.List.of("objections", "sentiment", "conversation-metrics")) {
      String schema =
          java.nio.file.Files.readString(
              io.conserver.platform.testing.RepoPaths.resolve(
                  "docs/schemas/" + type + ".schema.json"));
      var validator =
          com.networknt.schema.SchemaRegistry.withDefaultDialect(
                  com.networknt.schema.SpecificationVersion.DRAFT_2020_12)
              .getSchema(schema, com.networknt.schema.InputFormat.JSON);
      assertThat(
              validator.validate(body(out, type).toString(), com.networknt.schema.InputFormat.JSON))
          .as(type)
          .isEmpty();
    }
  }

  @Test
  void unknownOption_isQuarantinedWithItsName() {
    assertThat(run("{\"objection\":true}", SalesCall.vcon())).isEqualTo(StageOutcome.QUARANTINED);
    String record =
        new String(
            store.getBytes("quarantine/sales/analyze/" + SalesCall.UUID + ".json", 100_000),
            StandardCharsets.UTF_8);
    assertThat(record).contains("options/objection: unknown option");
  }

  @Test
  void noCustomerRole_noObjectionJudged_andTheLedgerSaysWhy() {
    var json = SalesCall.json();
    ((com.fasterxml.jackson.databind.node.ObjectNode) json.path("parties").get(0)).remove("role");
    assertThat(run("{}", Vcon.of(json))).isEqualTo(StageOutcome.WRITTEN);
    assertThat(body(output(SalesCall.UUID), "objections").path("objections")).isEmpty();
    assertThat(run("{\"customer_parties\":[0]}", Vcon.of(json))).isEqualTo(StageOutcome.DUPLICATE);
  }
}
