package io.conserver.vcon.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.VconForm;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ValidationReportTest {
  private static final ValidationReport MIXED =
      new ValidationReport(
          List.of(
              ValidationIssue.warning("/group", "reserved", "`group` is reserved"),
              ValidationIssue.error("/created_at", "required", "`created_at` is required"),
              ValidationIssue.error(ValidationIssue.DOCUMENT, "type", "not an object")),
          VconForm.UNSIGNED);

  @Test
  void errorsAndWarnings_splitTheIssuesKeepingTheirOrder() {
    assertThat(MIXED.isValid()).isFalse();
    assertThat(MIXED.errors())
        .extracting(ValidationIssue::pointer)
        .containsExactly("/created_at", "(document)");
    assertThat(MIXED.warnings()).extracting(ValidationIssue::pointer).containsExactly("/group");
  }

  @Test
  void aReportWithOnlyWarnings_isValid() {
    ValidationReport report =
        new ValidationReport(List.of(ValidationIssue.warning("/vcon", "deprecated", "old")), null);

    assertThat(report.isValid()).isTrue();
    assertThat(report.form()).isEmpty();
  }

  @Test
  void theReportIsImmutable() {
    List<ValidationIssue> issues = new ArrayList<>();
    ValidationReport report = new ValidationReport(issues, null);
    issues.add(ValidationIssue.error("/uuid", "required", "missing"));

    assertThat(report.issues()).isEmpty();
    assertThatThrownBy(() -> report.issues().add(issues.get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toJson_hasTheCliShape() {
    ObjectNode json = MIXED.toJson();

    assertThat(VconJson.codec().writePretty(json))
        .isEqualToIgnoringWhitespace(
            """
            {"valid": false,
             "errors": [{"pointer": "/created_at", "code": "required",
                         "message": "`created_at` is required"},
                        {"pointer": "(document)", "code": "type", "message": "not an object"}],
             "warnings": [{"pointer": "/group", "code": "reserved",
                           "message": "`group` is reserved"}]}
            """);
  }

  @Test
  void toJson_ofAValidatedDocument_conformsToThePublishedSchema() throws IOException {
    JsonNode schema = schema();
    ValidationReport report =
        VconValidator.validate(
            VconJson.codec().read("{\"vcon\": \"0.4.0\", \"dialog\": [{\"type\": 5}]}"),
            ValidationMode.LENIENT);
    JsonNode json = report.toJson();

    assertThat(fieldNames(json)).containsExactlyElementsOf(strings(schema.get("required")));
    JsonNode issueSchema = schema.get("$defs").get("issue");
    Pattern pointer = Pattern.compile(issueSchema.at("/properties/pointer/pattern").textValue());
    Pattern code = Pattern.compile(issueSchema.at("/properties/code/pattern").textValue());
    List<JsonNode> issues = new ArrayList<>();
    json.get("errors").forEach(issues::add);
    json.get("warnings").forEach(issues::add);
    assertThat(issues).hasSize(report.issues().size()).isNotEmpty();
    for (JsonNode issue : issues) {
      assertThat(fieldNames(issue)).containsExactlyElementsOf(strings(issueSchema.get("required")));
      assertThat(issue.get("pointer").textValue()).matches(pointer);
      assertThat(issue.get("code").textValue()).matches(code);
      assertThat(issue.get("message").textValue()).isNotEmpty();
    }
  }

  @Test
  void everyCodeTheTestVectorsProduce_isListedInTheSchema() throws IOException {
    String description = schema().at("/$defs/issue/properties/code/description").textValue();
    Matcher list = Pattern.compile("Known codes: (.*?)\\. New codes").matcher(description);
    assertThat(list.find()).isTrue();
    Set<String> documented = new TreeSet<>(Arrays.asList(list.group(1).split(",\\s*")));
    Set<String> produced = new TreeSet<>();
    for (String name : InvalidVconsTest.cases().map(a -> (String) a.get()[0]).toList()) {
      for (ValidationMode mode : ValidationMode.values()) {
        VconValidator.validate(InvalidVconsTest.read(name), mode).issues().stream()
            .map(ValidationIssue::code)
            .forEach(produced::add);
      }
    }

    assertThat(documented).containsAll(produced).contains("internal", "hash.empty");
  }

  @Test
  void anIssueNeverHasAnEmptyPointer() {
    assertThatThrownBy(() -> ValidationIssue.error("", "type", "whole document"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static JsonNode schema() throws IOException {
    try (InputStream in =
        VconValidator.class.getResourceAsStream("validation-report.schema.json")) {
      assertThat(in).as("schema on the classpath").isNotNull();
      return VconJson.codec().read(in);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.textValue()));
    return values;
  }
}
