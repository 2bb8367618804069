package io.conserver.platform.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.platform.testing.RepoPaths;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineParserTest {
  private static PipelineDeclaration parse(String json) {
    return PipelineParser.parse(json.getBytes(StandardCharsets.UTF_8), "test.json");
  }

  private static List<String> problems(String json) {
    try {
      parse(json);
      throw new AssertionError("expected the declaration to be rejected");
    } catch (PipelineDeclarationException e) {
      return e.problems();
    }
  }

  @Test
  void shippedDefaultPipeline_parses_withDefaultsApplied() {
    PipelineDeclaration pipeline =
        PipelineParser.parse(RepoPaths.resolve("terraform/pipelines/default.json"));

    assertThat(pipeline.name()).isEqualTo("default");
    assertThat(pipeline.stages()).extracting(StageDeclaration::name).startsWith("ingest");
    assertThat(pipeline.stages().get(0).maxReceiveCount()).isEqualTo(3);
    assertThat(pipeline.lawfulBasisDefault()).isEqualTo("legitimate_interest");
    assertThat(pipeline.retentionDays()).containsKey("inbox");
  }

  @Test
  void parseAll_readsEveryShippedPipeline_keyedByName() {
    assertThat(PipelineParser.parseAll(RepoPaths.resolve("terraform/pipelines")))
        .containsKey("default");
  }

  @Test
  void stageDefaults_applyWhenOmitted() {
    StageDeclaration stage =
        parse("{\"name\":\"p\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\"}]}")
            .stages()
            .get(0);

    assertThat(stage.memoryMb()).isEqualTo(512);
    assertThat(stage.timeoutSeconds()).isEqualTo(60);
    assertThat(stage.concurrency()).isEqualTo(2);
    assertThat(stage.sendsOutside()).isFalse();
    assertThat(stage.options().isEmpty()).isTrue();
  }

  @Test
  void chainNavigation_previousAndNext() {
    PipelineDeclaration pipeline =
        parse(
            "{\"name\":\"p\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\"},{\"name\":\"transcribe\",\"function\":\"transcribe\"}]}");

    assertThat(pipeline.previous("ingest")).isEmpty();
    assertThat(pipeline.previous("transcribe").orElseThrow().name()).isEqualTo("ingest");
    assertThat(pipeline.next("ingest").orElseThrow().name()).isEqualTo("transcribe");
    assertThat(pipeline.next("transcribe")).isEmpty();
  }

  @Test
  void everyProblemIsReported_withItsPointer() {
    List<String> problems =
        problems(
            "{\"name\":\"Bad\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\",\"timeout_s\":0},"
                + "{\"name\":\"ingest\",\"function\":\"x\"}],\"retention_days\":{\"nope\":3}}");

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "/name: must match [a-z0-9][a-z0-9-]{0,62}",
            "/stages/0/timeout_s: must be a whole number from 1 to 900",
            "/stages/1/name: duplicate stage name 'ingest'",
            "/retention_days/nope: names neither a stage of this pipeline nor a data kind [exports, inbox, ledger, media, meter, quarantine, receipts]");
  }

  @Test
  void exportStage_mustNameDeclaredSinks() {
    assertThat(
            problems(
                "{\"name\":\"p\",\"stages\":[{\"name\":\"export\",\"function\":\"export\",\"options\":{\"sinks\":[\"warehouse\"]}}]}"))
        .containsExactly("/stages/0/options/sinks/0: no sink named 'warehouse' in /sinks");
  }

  @Test
  void sinkFieldMappings_areCheckedWhenTheDeclarationIsRead() {
    String sinks =
        "{\"name\":\"p\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\"}],"
            + "\"sinks\":{\"crm\":{\"type\":\"sheets\",\"fields\":%s}}}";

    assertThat(
            parse(String.format(sinks, "{\"Tel\":\"parties[role=customer].tel\"}"))
                .sinks()
                .get("crm")
                .settings()
                .path("fields")
                .path("Tel")
                .asText())
        .isEqualTo("parties[role=customer].tel");
    assertThat(
            problems(
                String.format(
                    sinks,
                    "{\"Tel\":\"party[0].tel\",\"When\":\"dialog[0.start\","
                        + "\"a b\":\"uuid\",\"N\":3}")))
        .containsExactly(
            "/sinks/crm/fields/Tel: 'party[0].tel': 'party' is not a vCon member "
                + new java.util.TreeSet<>(io.conserver.vcon.VconPath.TOP_LEVEL),
            "/sinks/crm/fields/When: 'dialog[0.start': expected ']' at position 8, found '.'",
            "/sinks/crm/fields/a b: column names must match [A-Za-z_][A-Za-z0-9_]{0,79}",
            "/sinks/crm/fields/N: must be a vCon path such as parties[role=customer].tel");
    assertThat(problems(String.format(sinks, "{}")))
        .containsExactly("/sinks/crm/fields: must be an object of columns to vCon paths");
  }

  @Test
  void stageNamedLikeADataKind_isRefused() {
    assertThat(
            problems("{\"name\":\"p\",\"stages\":[{\"name\":\"media\",\"function\":\"ingest\"}]}"))
        .containsExactly("/stages/0/name: 'media' is reserved for a data kind");
  }

  @Test
  void malformedJson_isOneDocumentProblem() {
    assertThatThrownBy(() -> parse("{\"name\": "))
        .isInstanceOf(PipelineDeclarationException.class)
        .hasMessageContaining("test.json: invalid pipeline declaration")
        .hasMessageContaining("(document): malformed JSON");
  }

  @Test
  void giveUpAfter_isAnIsoDurationWithinBounds_checkedWhenTheDeclarationIsRead() {
    String stage =
        "{\"name\":\"p\",\"stages\":[{\"name\":\"transcribe\",\"function\":\"transcribe\","
            + "\"options\":{\"give_up_after\":%s}}]}";
    String expected =
        "/stages/0/options/give_up_after: must be an ISO-8601 duration from PT10M to P30D"
            + " (e.g. \"PT6H\"; default PT6H)";
    for (String bad : List.of("\"6 hours\"", "21600", "\"PT5M\"", "\"P31D\"", "\"-PT6H\"")) {
      assertThat(problems(String.format(stage, bad))).as(bad).containsExactly(expected);
    }

    var options = parse(String.format(stage, "\"PT90M\"")).stages().get(0).options();
    assertThat(JobGiveUp.of(options).after()).isEqualTo(java.time.Duration.ofMinutes(90));
    assertThat(
            JobGiveUp.of(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode())
                .after())
        .isEqualTo(JobGiveUp.DEFAULT);
  }
}
