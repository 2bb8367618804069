package io.conserver.vcon.validation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.VconForm;
import java.util.List;
import java.util.Optional;

/**
 * The immutable outcome of validating one document: every issue in the order it was found.
 *
 * <p>{@link #toJson()} gives the machine-readable shape documented by {@code
 * io/conserver/vcon/validation/validation-report.schema.json} on the classpath.
 */
public final class ValidationReport {
  private final List<ValidationIssue> issues;
  private final VconForm form;

  ValidationReport(List<ValidationIssue> issues, VconForm form) {
    this.issues = List.copyOf(issues);
    this.form = form;
  }

  /**
   * A report for a document that could not even be read (missing file, I/O error): one error at
   * {@code (document)} with code {@code io}.
   */
  public static ValidationReport unreadable(String message) {
    return new ValidationReport(
        List.of(ValidationIssue.error(ValidationIssue.DOCUMENT, "io", message)), null);
  }

  /** All issues, errors and warnings interleaved in the order they were found. */
  public List<ValidationIssue> issues() {
    return issues;
  }

  public List<ValidationIssue> errors() {
    return issues.stream().filter(ValidationIssue::isError).toList();
  }

  public List<ValidationIssue> warnings() {
    return issues.stream().filter(issue -> !issue.isError()).toList();
  }

  /** True when there is no error; warnings do not make a vCon invalid. */
  public boolean isValid() {
    return issues.stream().noneMatch(ValidationIssue::isError);
  }

  /** The form the document was recognised as; empty when it was not a JSON object at all. */
  public Optional<VconForm> form() {
    return Optional.ofNullable(form);
  }

  /**
   * {@code {"valid":bool,"errors":[{"pointer","code","message"}],"warnings":[...]}}: the shape the
   * CLI prints for {@code --json}.
   */
  public ObjectNode toJson() {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode json = nodes.objectNode();
    json.put("valid", isValid());
    ArrayNode errors = json.putArray("errors");
    ArrayNode warnings = json.putArray("warnings");
    for (ValidationIssue issue : issues) {
      ObjectNode entry = (issue.isError() ? errors : warnings).addObject();
      entry.put("pointer", issue.pointer());
      entry.put("code", issue.code());
      entry.put("message", issue.message());
    }
    return json;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(isValid() ? "valid" : "invalid");
    for (ValidationIssue issue : issues) {
      text.append(System.lineSeparator()).append("  ").append(issue);
    }
    return text.toString();
  }
}
