package io.conserver.terraform.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * terraform/modules/pipeline, evaluated by terraform itself (it has no provider, so it runs here):
 * for every shipped declaration and the richer test ones, the stage map that every per-stage
 * resource of the cloud modules iterates and the backstop lifecycle rules are what the declaration
 * says, with the platform's defaults and BucketLayout's prefixes.
 */
class PipelineModuleTest {
  static final int GRACE_DAYS = 7;
  static final int ATTEMPTS_EXPIRE_DAYS = 7;
  static final Set<String> TENANT_WIDE = Set.of("media", "ledger", "receipts", "meter");
  static final Set<String> PER_PIPELINE = Set.of("inbox", "quarantine", "exports");

  static Stream<Path> declarations() {
    return Repo.allPipelines().stream();
  }

  @Test
  void pipelineModule_validatesWithoutProviders() throws Exception {
    Path copy = Files.createTempDirectory("conserver-tf-validate-");
    try {
      try (Stream<Path> files = Files.list(Repo.terraform().resolve("modules/pipeline"))) {
        for (Path f : files.filter(f -> f.toString().endsWith(".tf")).toList()) {
          Files.copy(f, copy.resolve(f.getFileName()));
        }
      }
      Processes.Result init = TerraformCli.run(copy, "init", "-backend=false", "-no-color");
      assertThat(init.ok()).as(init.describe()).isTrue();
      Processes.Result validate = TerraformCli.run(copy, "validate", "-no-color");
      assertThat(validate.ok()).as(validate.describe()).isTrue();
    } finally {
      TerraformCli.delete(copy);
    }
  }

  @ParameterizedTest
  @MethodSource("declarations")
  void derivedStageMap_hasEveryDeclaredStageWithItsPrefixesAndSettings(Path file) {
    JsonNode declaration = Repo.readJson(file);
    JsonNode derived = TerraformCli.evaluatePipelines(List.of(file));
    JsonNode defaults = derived.get("stage_defaults");
    String pipeline = declaration.get("name").textValue();
    JsonNode stages = declaration.get("stages");

    Set<String> expectedKeys = new TreeSet<>();
    for (int i = 0; i < stages.size(); i++) {
      JsonNode stage = stages.get(i);
      String name = stage.get("name").textValue();
      String key = pipeline + "/" + name;
      expectedKeys.add(key);
      JsonNode got = derived.path("stages").path(key);
      assertThat(got.isObject()).as("stage %s in the derived map", key).isTrue();

      String input =
          i == 0
              ? "inbox/" + pipeline + "/"
              : "vcons/" + pipeline + "/" + stages.get(i - 1).get("name").textValue() + "/";
      String output = "vcons/" + pipeline + "/" + name + "/";
      assertThat(got.get("input_prefix").textValue()).as(key).isEqualTo(input);
      assertThat(got.get("input_suffix").textValue()).as(key).isEqualTo(i == 0 ? "" : ".vcon.json");
      assertThat(got.get("output_prefix").textValue()).as(key).isEqualTo(output);
      assertThat(got.get("quarantine_prefix").textValue())
          .isEqualTo("quarantine/" + pipeline + "/" + name + "/");
      assertThat(got.get("attempts_prefix").textValue())
          .isEqualTo("attempts/" + pipeline + "/" + name + "/");
      assertThat(got.get("function").textValue()).isEqualTo(stage.get("function").textValue());
      assertThat(got.get("position").intValue()).isEqualTo(i);
      assertThat(got.get("jobs_prefix").textValue())
          .isEqualTo("jobs/" + pipeline + "/" + name + "/");
      // The engine as declared (null without one): the AWS module wires job completions by it.
      JsonNode engine = stage.path("options").path("engine");
      assertThat(got.get("engine").isNull() ? null : got.get("engine").textValue())
          .as("%s engine", key)
          .isEqualTo(engine.isMissingNode() ? null : engine.textValue());
      for (String setting : List.of("memory_mb", "timeout_s", "max_receive_count", "concurrency")) {
        int expected =
            stage.has(setting) ? stage.get(setting).intValue() : defaults.get(setting).intValue();
        assertThat(got.get(setting).intValue()).as("%s %s", key, setting).isEqualTo(expected);
      }

      // The stage's identity touches its input, its own prefixes and the shared records only.
      JsonNode access = got.get("access");
      String jobs = "jobs/" + pipeline + "/" + name + "/";
      assertThat(texts(access.get("read")))
          .containsExactlyInAnyOrder(input, output, "ledger/", "index/party/", "media/", jobs);
      assertThat(texts(access.get("create")))
          .containsExactlyInAnyOrder(
              output,
              "attempts/" + pipeline + "/" + name + "/",
              "ledger/",
              "meter/",
              "index/party/",
              "index/media/",
              "media/",
              jobs);
      // The job sweep lists its job records and overwrites its cursor among them.
      assertThat(texts(access.get("overwrite")))
          .containsExactly("quarantine/" + pipeline + "/" + name + "/", jobs);
      assertThat(texts(access.get("list")))
          .containsExactlyInAnyOrder("ledger/", "index/party/", jobs);
    }
    assertThat(fieldNames(derived.get("stages"))).isEqualTo(expectedKeys);
  }

  @ParameterizedTest
  @MethodSource("declarations")
  void everyRetentionEntry_becomesALifecycleRuleGraceDaysLater(Path file) {
    JsonNode declaration = Repo.readJson(file);
    JsonNode rules = TerraformCli.evaluatePipelines(List.of(file)).get("lifecycle_rules");
    String pipeline = declaration.get("name").textValue();

    Map<String, Integer> expected = new LinkedHashMap<>();
    declaration
        .path("retention_days")
        .fields()
        .forEachRemaining(
            e -> expected.put(prefixOf(pipeline, e.getKey()), e.getValue().intValue()));
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      JsonNode rule = rules.path(e.getKey());
      assertThat(rule.isObject()).as("lifecycle rule for %s", e.getKey()).isTrue();
      assertThat(rule.get("prefix").textValue()).isEqualTo(e.getKey());
      assertThat(rule.get("retention_days").intValue()).isEqualTo(e.getValue());
      assertThat(rule.get("expire_after_days").intValue()).isEqualTo(e.getValue() + GRACE_DAYS);
    }
    // Besides retention, only the housekeeping rule for attempt markers.
    Set<String> all = new TreeSet<>(expected.keySet());
    all.add("attempts/" + pipeline + "/");
    assertThat(fieldNames(rules)).isEqualTo(all);
    assertThat(rules.path("attempts/" + pipeline + "/").path("expire_after_days").intValue())
        .isEqualTo(ATTEMPTS_EXPIRE_DAYS);
  }

  @Test
  void richTestPipeline_derivesTheExpectedValues() {
    Path file = Repo.checks().resolve("src/test/resources/pipelines/contact-center.json");
    JsonNode derived = TerraformCli.evaluatePipelines(List.of(file));
    JsonNode stages = derived.get("stages");

    JsonNode ingest = stages.get("contact-center/ingest");
    assertThat(ingest.get("input_prefix").textValue()).isEqualTo("inbox/contact-center/");
    assertThat(ingest.get("memory_mb").intValue()).isEqualTo(512);
    assertThat(ingest.get("timeout_s").intValue()).isEqualTo(60);
    assertThat(ingest.get("max_receive_count").intValue()).isEqualTo(3);
    assertThat(ingest.get("concurrency").intValue()).isEqualTo(2);

    JsonNode transcribe = stages.get("contact-center/transcribe");
    assertThat(transcribe.get("input_prefix").textValue())
        .isEqualTo("vcons/contact-center/ingest/");
    assertThat(transcribe.get("input_suffix").textValue()).isEqualTo(".vcon.json");
    assertThat(transcribe.get("memory_mb").intValue()).isEqualTo(2048);
    assertThat(transcribe.get("timeout_s").intValue()).isEqualTo(300);
    assertThat(transcribe.get("max_receive_count").intValue()).isEqualTo(5);
    assertThat(transcribe.get("concurrency").intValue()).isEqualTo(8);

    assertThat(stages.get("contact-center/redact").get("input_prefix").textValue())
        .isEqualTo("vcons/contact-center/transcribe/");
    assertThat(stages.get("contact-center/redact").get("max_receive_count").intValue())
        .isEqualTo(2);
    assertThat(stages.get("contact-center/analyze").get("sends_outside").booleanValue()).isTrue();

    JsonNode export = stages.get("contact-center/export");
    assertThat(export.get("input_prefix").textValue()).isEqualTo("vcons/contact-center/analyze/");
    assertThat(export.get("timeout_s").intValue()).isEqualTo(900);
    assertThat(export.get("max_receive_count").intValue()).isEqualTo(1);
    assertThat(export.get("concurrency").intValue()).isEqualTo(1);
    assertThat(export.get("last").booleanValue()).isTrue();

    JsonNode rules = derived.get("lifecycle_rules");
    Map<String, Integer> expireAfter = new LinkedHashMap<>();
    expireAfter.put("inbox/contact-center/", 10);
    expireAfter.put("vcons/contact-center/ingest/", 37);
    expireAfter.put("vcons/contact-center/transcribe/", 37);
    expireAfter.put("vcons/contact-center/redact/", 737);
    expireAfter.put("media/", 97);
    expireAfter.put("quarantine/contact-center/", 21);
    expireAfter.put("ledger/", 2562);
    expireAfter.put("exports/contact-center/", 372);
    expireAfter.put("receipts/", 3657);
    expireAfter.put("meter/", 407);
    expireAfter.put("attempts/contact-center/", 7);
    expireAfter.forEach(
        (prefix, days) ->
            assertThat(rules.path(prefix).path("expire_after_days").intValue())
                .as(prefix)
                .isEqualTo(days));
    // analyze and export declare no retention: no rule deletes their output.
    assertThat(fieldNames(rules)).isEqualTo(new TreeSet<>(expireAfter.keySet()));
  }

  @Test
  void tenantWithTwoPipelines_keepsEveryStageApartAndTheLongestTenantWideRetention() {
    List<Path> both =
        List.of(
            Repo.terraform().resolve("pipelines/default.json"),
            Repo.checks().resolve("src/test/resources/pipelines/contact-center.json"));
    JsonNode derived = TerraformCli.evaluatePipelines(both);
    JsonNode stages = derived.get("stages");
    assertThat(fieldNames(stages))
        .contains("default/ingest", "contact-center/ingest", "contact-center/export");

    // No two stages listen on overlapping prefixes (S3 rejects overlapping notification filters).
    List<String> inputs = new ArrayList<>();
    stages.forEach(s -> inputs.add(s.get("input_prefix").textValue()));
    for (int i = 0; i < inputs.size(); i++) {
      for (int j = 0; j < inputs.size(); j++) {
        if (i != j) {
          assertThat(inputs.get(i).startsWith(inputs.get(j)))
              .as("%s overlaps %s", inputs.get(i), inputs.get(j))
              .isFalse();
        }
      }
    }
    assertThat(new HashSet<>(inputs)).hasSize(inputs.size());

    JsonNode media = derived.get("lifecycle_rules").get("media/");
    assertThat(media.get("retention_days").intValue()).isEqualTo(365); // default 365 > 90
    assertThat(texts(media.get("declared_by")))
        .containsExactly("contact-center:media", "default:media");
    assertThat(derived.get("lifecycle_rules").has("inbox/default/")).isTrue();
    assertThat(derived.get("lifecycle_rules").has("inbox/contact-center/")).isTrue();
  }

  static Stream<Arguments> invalidDeclarations() {
    Map<String, String> reasons =
        Map.of(
            "retention-for-unknown-stage.json", "broken:transcribe",
            "duplicate-stage.json", "twice/ingest",
            "stage-named-like-a-kind.json", "kinds/media",
            "timeout-out-of-range.json", "slow/ingest");
    return Repo.invalidPipelines().stream()
        .map(f -> Arguments.of(f, reasons.get(f.getFileName().toString())));
  }

  @ParameterizedTest
  @MethodSource("invalidDeclarations")
  void invalidDeclaration_isRejectedBeforeAnythingIsCreated(Path file, String culprit) {
    assertThat(culprit).as("expected culprit for %s", file).isNotNull();
    Processes.Result plan = TerraformCli.planPipelines(List.of(file));
    assertThat(plan.ok()).as("plan of %s should fail", file).isFalse();
    assertThat(plan.stderr().replaceAll("\\s+", " ")).contains(culprit);
  }

  @Test
  void defaultsAndRetentionKinds_matchThePlatform() {
    JsonNode derived = TerraformCli.evaluatePipelines(Repo.shippedPipelines());
    String stageDeclaration =
        Repo.read(
            Repo.root()
                .resolve(
                    "shared/platform/src/main/java/io/conserver/platform/pipeline/StageDeclaration.java"));
    Map<String, String> constants =
        Map.of(
            "memory_mb", "DEFAULT_MEMORY_MB",
            "timeout_s", "DEFAULT_TIMEOUT_S",
            "max_receive_count", "DEFAULT_MAX_RECEIVE_COUNT",
            "concurrency", "DEFAULT_CONCURRENCY");
    constants.forEach(
        (setting, constant) -> {
          Matcher m = Pattern.compile(constant + "\\s*=\\s*(\\d+);").matcher(stageDeclaration);
          assertThat(m.find()).as(constant).isTrue();
          assertThat(derived.get("stage_defaults").get(setting).intValue())
              .as(setting)
              .isEqualTo(Integer.parseInt(m.group(1)));
        });

    String parser =
        Repo.read(
            Repo.root()
                .resolve(
                    "shared/platform/src/main/java/io/conserver/platform/pipeline/PipelineParser.java"));
    Matcher kinds =
        Pattern.compile("RETENTION_KINDS\\s*=\\s*Set\\.of\\(([^)]*)\\)").matcher(parser);
    assertThat(kinds.find()).isTrue();
    Set<String> platformKinds = new TreeSet<>();
    Matcher quoted = Pattern.compile("\"([a-z]+)\"").matcher(kinds.group(1));
    while (quoted.find()) {
      platformKinds.add(quoted.group(1));
    }
    assertThat(fieldNames(derived.get("retention_kind_prefixes"))).isEqualTo(platformKinds);
    Set<String> union = new TreeSet<>(TENANT_WIDE);
    union.addAll(PER_PIPELINE);
    assertThat(union).isEqualTo(platformKinds);
  }

  @Test
  void prefixes_areTheOnesBucketLayoutWrites() {
    String layout =
        Repo.read(
            Repo.root()
                .resolve("shared/platform/src/main/java/io/conserver/platform/BucketLayout.java"));
    assertThat(layout)
        .contains("\"inbox/\" + pipeline + \"/\"")
        .contains("\"vcons/\" + pipeline + \"/\" + stage + \"/\"")
        .contains("\"quarantine/\" + pipeline + \"/\" + stage + \"/\"")
        .contains("\"attempts/\" + pipeline + \"/\" + stage + \"/\"")
        .contains("\"ledger/\"")
        .contains("\"meter/\"")
        .contains("\"media/\"")
        .contains("VCON_SUFFIX = \".vcon.json\"");
    String partyIndex =
        Repo.read(
            Repo.root()
                .resolve(
                    "shared/platform/src/main/java/io/conserver/platform/index/PartyIndex.java"));
    assertThat(partyIndex).contains("PREFIX = \"index/party/\"");
  }

  static String prefixOf(String pipeline, String retentionKey) {
    if (TENANT_WIDE.contains(retentionKey)) {
      return retentionKey + "/";
    }
    if (PER_PIPELINE.contains(retentionKey)) {
      return retentionKey + "/" + pipeline + "/";
    }
    return "vcons/" + pipeline + "/" + retentionKey + "/";
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.textValue()));
    return out;
  }

  static Set<String> fieldNames(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
