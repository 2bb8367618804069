package io.conserver.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.conserver.vcon.VconJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  private static final Path WG =
      Path.of("../../shared/vcon/src/test/resources/wg/examples").toAbsolutePath().normalize();

  @TempDir Path dir;

  private Path file(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void validVcon_exit0_noOutput() throws Exception {
    Path ok =
        file(
            "ok.json",
            "{\"uuid\":\"019f15a6-a752-826f-b9a2-279e0d16bc46\",\"created_at\":\"2026-01-01T00:00:00Z\"}");

    CliRun run = CliRun.of("validate", ok.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEmpty();
  }

  @Test
  void errors_areOneLinePerErrorOnStdout_withFileAndPointer() throws Exception {
    Path bad =
        file(
            "bad.json",
            "{\"uuid\":\"019f15a6-a752-826f-b9a2-279e0d16bc46\",\"created_at\":\"2026-01-01T00:00:00Z\",\"parties\":[{}],"
                + "\"dialog\":[{\"type\":\"text\",\"start\":\"2026-01-01T00:00:00Z\",\"parties\":[0,1],\"body\":\"x\",\"encoding\":\"none\",\"url\":\"https://a.example/x\"}]}");

    CliRun run = CliRun.of("validate", bad.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out().lines())
        .anySatisfy(l -> assertThat(l).startsWith(bad + ": /dialog/0: "))
        .anySatisfy(l -> assertThat(l).startsWith(bad + ": /dialog/0/parties/1: "))
        .allSatisfy(l -> assertThat(l).startsWith(bad + ": /"));
  }

  @Test
  void missingCreatedAt_isAnErrorStrictly_butOnlyAWarningWhenLenient() {
    String call = WG.resolve("ab_call_ext_rec.vcon").toString();

    CliRun strict = CliRun.of("validate", call);
    CliRun lenient = CliRun.of("validate", "--lenient", call);

    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.out()).contains(call + ": /created_at: ");
    assertThat(lenient.exitCode()).isZero();
    assertThat(lenient.out()).isEmpty();
    assertThat(lenient.err()).contains(call + ": warning: /created_at: ");
  }

  @Test
  void wholeDocumentProblems_printDocumentInPlaceOfThePointer() throws Exception {
    Path empty = file("empty.json", "");
    Path garbage = file("garbage.json", "{oops");
    Path missing = dir.resolve("missing.json");

    CliRun run = CliRun.of("validate", empty.toString(), garbage.toString(), missing.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out().lines())
        .containsExactly(
            empty + ": (document): empty document: expected a JSON object",
            run.out().lines().toList().get(1),
            missing + ": (document): no such file");
    assertThat(run.out().lines().toList().get(1))
        .startsWith(garbage + ": (document): malformed JSON at line 1");
    assertThat(run.err()).doesNotContain("\tat ");
  }

  @Test
  void anyInvalidFile_makesTheExitCode1() throws Exception {
    Path ok =
        file(
            "ok.json",
            "{\"uuid\":\"019f15a6-a752-826f-b9a2-279e0d16bc46\",\"created_at\":\"2026-01-01T00:00:00Z\"}");

    assertThat(CliRun.of("validate", ok.toString(), dir.resolve("nope.json").toString()).exitCode())
        .isEqualTo(1);
  }

  @Test
  void noFiles_isAUsageError() {
    assertThat(CliRun.of("validate").exitCode()).isEqualTo(2);
  }

  @Test
  void json_printsOneReport_thatMatchesItsPublishedSchema() throws Exception {
    Path ok =
        file(
            "ok.json",
            "{\"uuid\":\"019f15a6-a752-826f-b9a2-279e0d16bc46\",\"created_at\":\"2026-01-01T00:00:00Z\",\"vcon\":\"0.4.0\"}");
    Path bad = file("bad.json", "[]");

    CliRun run = CliRun.of("validate", "--json", ok.toString(), bad.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode report = VconJson.codec().read(run.out());
    assertThat(report.path("valid").asBoolean()).isFalse();
    assertThat(report.path("files").get(0).path("valid").asBoolean()).isTrue();
    assertThat(report.path("files").get(0).path("warnings").get(0).path("pointer").asText())
        .isEqualTo("/vcon");
    assertThat(report.path("files").get(1).path("errors").get(0).path("pointer").asText())
        .isEqualTo("(document)");
    var schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(
                Files.readString(Path.of("../../docs/schemas/validate-output.schema.json")),
                InputFormat.JSON);
    assertThat(schema.validate(run.out(), InputFormat.JSON)).isEmpty();
  }
}
