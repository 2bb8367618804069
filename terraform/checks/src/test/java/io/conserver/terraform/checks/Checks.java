package io.conserver.terraform.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Assertions both cloud modules share. */
final class Checks {
  private static final Pattern RAW_WILDCARD_RESOURCE =
      Pattern.compile("\"?Resource\"?\\s*[=:]\\s*(\\[\\s*)?\"\\*\"");
  private static final Pattern SECRET_NAME =
      Pattern.compile("(party_index_key|secret|password|token)(_arn|_id)?$");

  private Checks() {}

  /** Every pipeline declaration the checks cover: the shipped ones and the test ones. */
  static Stream<Path> pipelineFiles() {
    return Repo.allPipelines().stream();
  }

  static Set<String> declaredStageKeys(Path declaration) {
    JsonNode json = Repo.readJson(declaration);
    Set<String> keys = new TreeSet<>();
    json.get("stages")
        .forEach(s -> keys.add(json.get("name").textValue() + "/" + s.get("name").textValue()));
    return keys;
  }

  /** No stage is wired by hand: no value in the module names a declared stage or function. */
  static void noStageNameLiterals(Hcl.Module module) {
    Set<String> names = new TreeSet<>();
    for (Path file : Repo.allPipelines()) {
      Repo.readJson(file)
          .get("stages")
          .forEach(
              s -> {
                names.add(s.get("name").textValue());
                names.add(s.get("function").textValue());
              });
    }
    module
        .files()
        .forEach(
            (file, json) -> {
              for (String value : Hcl.strings(json)) {
                for (String name : names) {
                  assertThat(value.equals(name) || value.contains("/" + name + "/"))
                      .as(
                          "%s/%s names stage or function '%s' by hand: %s",
                          module.folder(), file, name, value)
                      .isFalse();
                }
              }
            });
  }

  /** Secrets are referenced, never given as values: such variables default to null. */
  static void secretVariablesHaveNoDefault(Hcl.Module module) {
    for (Hcl.Block variable : module.blocks("variable")) {
      if (SECRET_NAME.matcher(variable.name()).find()) {
        JsonNode defaultValue = variable.body().get("default");
        assertThat(defaultValue == null || defaultValue.isNull())
            .as("variable %s in %s has a default", variable.name(), module.folder())
            .isTrue();
        assertThat(variable.name())
            .as("a secret is passed by reference")
            .containsAnyOf("_arn", "_id");
      }
    }
  }

  /** Policies written as raw JSON (jsonencode) never grant Resource "*". */
  static void noRawJsonWildcardPolicies(Hcl.Module module) {
    module
        .files()
        .keySet()
        .forEach(
            file ->
                assertThat(RAW_WILDCARD_RESOURCE.matcher(module.text(file)).find())
                    .as("%s/%s writes Resource \"*\" in raw JSON", module.folder(), file)
                    .isFalse());
  }
}
