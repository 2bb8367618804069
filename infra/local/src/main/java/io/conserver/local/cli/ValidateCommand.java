package io.conserver.local.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.validation.ValidationMode;
import io.conserver.vcon.validation.ValidationReport;
import io.conserver.vcon.validation.VconValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validate vCon files against draft-ietf-vcon-vcon-core.",
      "One line per error on stdout: FILE: <json-pointer>: <message>",
      "((document) when the whole file is at fault). Warnings go to stderr.",
      "Exit 0 when every file is valid, 1 when any is invalid, 2 on usage errors."
    })
final class ValidateCommand extends CliCommand {
  @Option(
      names = "--lenient",
      description =
          "Accept what real-world producers get wrong (missing created_at, empty redacted, 0.3 names) as warnings.")
  boolean lenient;

  @Option(
      names = "--json",
      description =
          "Print one JSON report for all files (schema: docs/schemas/validate-output.schema.json).")
  boolean json;

  @Parameters(
      paramLabel = "FILE",
      arity = "1..*",
      description = "vCon files (plain, signed or encrypted form).")
  List<Path> files;

  @Override
  public Integer call() {
    ValidationMode mode = lenient ? ValidationMode.LENIENT : ValidationMode.STRICT;
    boolean allValid = true;
    ArrayNode reports = JsonNodeFactory.instance.arrayNode();
    for (Path file : files) {
      ValidationReport report = validate(file, mode);
      allValid &= report.isValid();
      if (json) {
        ObjectNode entry = reports.addObject();
        entry.put("file", file.toString());
        entry.setAll(report.toJson());
      } else {
        report
            .errors()
            .forEach(
                issue -> out().println(file + ": " + issue.pointer() + ": " + issue.message()));
        report
            .warnings()
            .forEach(
                issue ->
                    err().println(file + ": warning: " + issue.pointer() + ": " + issue.message()));
      }
    }
    if (json) {
      ObjectNode result = JsonNodeFactory.instance.objectNode();
      result.put("valid", allValid);
      result.set("files", reports);
      printJson(result);
    }
    return allValid ? ExitCodes.OK : ExitCodes.FAILED;
  }

  // A file that cannot be read is reported like any other whole-document problem.
  private static ValidationReport validate(Path file, ValidationMode mode) {
    try {
      if (!Files.isRegularFile(file)) {
        return ValidationReport.unreadable(
            Files.exists(file) ? "not a regular file" : "no such file");
      }
      if (Files.size(file) > VconJson.DEFAULT_MAX_BYTES) {
        return ValidationReport.unreadable(
            "document is larger than the limit of " + VconJson.DEFAULT_MAX_BYTES + " bytes");
      }
      return VconValidator.validate(Files.readAllBytes(file), mode);
    } catch (IOException e) {
      return ValidationReport.unreadable("cannot read: " + e.getMessage());
    }
  }
}
