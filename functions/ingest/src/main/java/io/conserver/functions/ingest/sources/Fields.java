package io.conserver.functions.ingest.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Reading members of a source record, collecting problems as JSON pointers (never values: records
 * hold phone numbers and names, and the problems end up in quarantine records).
 */
final class Fields {
  private final List<String> problems;

  Fields(List<String> problems) {
    this.problems = problems;
  }

  static Optional<String> text(JsonNode node, String member) {
    JsonNode value = node.get(member);
    return value != null && value.isTextual() && !value.textValue().isBlank()
        ? Optional.of(value.textValue())
        : Optional.empty();
  }

  String required(JsonNode node, String member, String pointer) {
    Optional<String> value = text(node, member);
    if (value.isEmpty()) {
      problems.add(pointer + ": required, a non-empty string");
      return "";
    }
    return value.get();
  }

  /** An ISO-8601 / RFC 3339 instant (Connect writes {@code 2026-11-24T10:15:02Z}). */
  Optional<OffsetDateTime> time(JsonNode node, String member, String pointer) {
    Optional<String> value = text(node, member);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value.get()));
    } catch (DateTimeParseException e) {
      problems.add(pointer + ": must be an ISO-8601 date-time with offset");
      return Optional.empty();
    }
  }

  OffsetDateTime requiredTime(JsonNode node, String member, String pointer) {
    if (text(node, member).isEmpty()) {
      problems.add(pointer + ": required, an ISO-8601 date-time");
      return null;
    }
    return time(node, member, pointer).orElse(null);
  }

  void problem(String problem) {
    problems.add(problem);
  }
}
