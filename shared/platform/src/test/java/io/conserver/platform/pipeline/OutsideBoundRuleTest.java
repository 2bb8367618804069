package io.conserver.platform.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.platform.testing.RepoPaths;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Redaction runs before any stage that sends data outside, unless the stage opts in. */
class OutsideBoundRuleTest {
  private static PipelineDeclaration parse(String stages, String sinks) {
    String json = "{\"name\":\"p\",\"stages\":[" + stages + "],\"sinks\":{" + sinks + "}}";
    return PipelineParser.parse(json.getBytes(StandardCharsets.UTF_8), "p.json");
  }

  private static final String INGEST = "{\"name\":\"ingest\",\"function\":\"ingest\"}";
  private static final String REDACT = "{\"name\":\"redact\",\"function\":\"redact\"}";
  private static final String WEBHOOK =
      "\"zap\":{\"type\":\"webhook\",\"url\":\"https://hooks.example.com/x\"},"
          + "\"lake\":{\"type\":\"files\"}";

  @Test
  void anOutsideSinkBeforeRedaction_isADeclarationError_namingTheStageAndWhy() {
    assertThatThrownBy(
            () ->
                parse(
                    INGEST
                        + ",{\"name\":\"push\",\"function\":\"export\","
                        + "\"options\":{\"sinks\":[\"lake\",\"zap\"]}},"
                        + REDACT,
                    WEBHOOK))
        .isInstanceOf(PipelineDeclarationException.class)
        .hasMessageContaining("/stages/1: stage 'push' sends data outside the tenant")
        .hasMessageContaining("sink 'zap' (webhook)")
        .hasMessageContaining("allow_unredacted_outside");
  }

  @Test
  void thirdPartyEnginesAndFlags_countAsOutside() {
    assertThatThrownBy(
            () ->
                parse(
                    INGEST
                        + ",{\"name\":\"transcribe\",\"function\":\"transcribe\","
                        + "\"options\":{\"engine\":\"deepgram\"}}",
                    ""))
        .hasMessageContaining("option \"engine\": \"deepgram\" (a third-party service)");
    assertThatThrownBy(
            () ->
                parse(
                    INGEST
                        + ",{\"name\":\"translate\",\"function\":\"translate\","
                        + "\"options\":{\"allow_third_party\":true}}",
                    ""))
        .hasMessageContaining("option \"allow_third_party\": true");
    assertThatThrownBy(
            () ->
                parse(
                    INGEST
                        + ",{\"name\":\"analyze\",\"function\":\"analyze\",\"sends_outside\":true}",
                    ""))
        .hasMessageContaining("\"sends_outside\": true");
  }

  @Test
  void aCopyToACloudBucket_isOutsideOnlyWhenTheBucketIsNotTheTenants() {
    String copy =
        ",{\"name\":\"copy\",\"function\":\"export-to-cloud\",\"options\":{\"account\":\"%s\"}}";
    assertThatThrownBy(() -> parse(INGEST + copy.formatted("partner"), ""))
        .hasMessageContaining("stage 'copy' sends data outside the tenant")
        .hasMessageContaining("function export-to-cloud without option \"account\": \"tenant\"");
    assertThatThrownBy(() -> parse(INGEST + copy.replace("\"account\":\"%s\"", ""), ""))
        .as("no account named: outside")
        .hasMessageContaining("export-to-cloud");
    assertThatCode(() -> parse(INGEST + copy.formatted("tenant"), "")).doesNotThrowAnyException();
    assertThatCode(() -> parse(INGEST + "," + REDACT + copy.formatted("partner"), ""))
        .doesNotThrowAnyException();
  }

  @Test
  void afterARedactStage_orWithTheExplicitOptIn_itIsAccepted() {
    assertThatCode(
            () ->
                parse(
                    INGEST
                        + ","
                        + REDACT
                        + ",{\"name\":\"push\",\"function\":\"export\","
                        + "\"options\":{\"sinks\":[\"zap\"]}}",
                    WEBHOOK))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                parse(
                    INGEST
                        + ",{\"name\":\"transcribe\",\"function\":\"transcribe\","
                        + "\"allow_unredacted_outside\":true,"
                        + "\"options\":{\"engine\":\"openai\",\"allow_third_party\":true}},"
                        + REDACT,
                    ""))
        .doesNotThrowAnyException();
    // Inside the tenant: its own cloud engines and stores need nothing.
    assertThatCode(
            () ->
                parse(
                    INGEST
                        + ",{\"name\":\"transcribe\",\"function\":\"transcribe\","
                        + "\"options\":{\"engine\":\"aws-transcribe\"}},"
                        + "{\"name\":\"export\",\"function\":\"export\","
                        + "\"options\":{\"sinks\":[\"lake\"]}}",
                    WEBHOOK))
        .doesNotThrowAnyException();
  }

  @Test
  void everyShippedPipeline_keepsTheRule() {
    Map<String, PipelineDeclaration> shipped =
        PipelineParser.parseAll(RepoPaths.resolve("terraform/pipelines"));
    assertThat(shipped).containsKey("default");
    // parseAll applies the rule; also say which stage redacts before the first outside one.
    for (PipelineDeclaration p : shipped.values()) {
      boolean redacted = false;
      for (StageDeclaration s : p.stages()) {
        redacted |= s.function().equals("redact");
        if (s.sendsOutside()) {
          assertThat(redacted || s.allowUnredactedOutside()).as(p.name() + "/" + s.name()).isTrue();
        }
      }
    }
  }
}
