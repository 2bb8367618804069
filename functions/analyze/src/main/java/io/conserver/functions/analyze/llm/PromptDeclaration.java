package io.conserver.functions.analyze.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.vendor.VendorHttp;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One declared prompt: {@code {"name": "next-step", "instructions": "...", "schema": {...}}}, the
 * schema a JSON Schema (2020-12) object the answer is validated against. {@code {"name":
 * "summary"}} alone is the built-in summary prompt.
 */
record PromptDeclaration(String name, String instructions, ObjectNode schema, Schema validator) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,40}");
  private static final String SUMMARY_INSTRUCTIONS =
      "You summarise customer conversations for a contact-center team. Summarise the"
          + " conversation below in at most five sentences: the customer's request, any"
          + " objection, and the outcome. Do not repeat personal data.";

  static PromptDeclaration of(JsonNode node, int index) throws InvalidInputException {
    String at = "options/prompts/" + index;
    String name = node.path("name").asText("");
    if (!NAME.matcher(name).matches()) {
      throw new InvalidInputException(at + "/name: must match " + NAME.pattern());
    }
    JsonNode instructions = node.get("instructions");
    JsonNode schema = node.get("schema");
    if (name.equals("summary") && instructions == null && schema == null) {
      ObjectNode summary = VendorHttp.json().createObjectNode().put("type", "object");
      summary.putObject("properties").putObject("summary").put("type", "string");
      summary.putArray("required").add("summary");
      return new PromptDeclaration(name, SUMMARY_INSTRUCTIONS, summary, compile(summary, at));
    }
    if (instructions == null || !instructions.isTextual() || instructions.asText().isBlank()) {
      throw new InvalidInputException(at + "/instructions: a non-empty string is required");
    }
    if (schema == null || !schema.isObject()) {
      throw new InvalidInputException(at + "/schema: a JSON Schema object is required");
    }
    return new PromptDeclaration(
        name, instructions.asText(), (ObjectNode) schema, compile(schema, at));
  }

  /** The validation errors of an answer (empty when it conforms). */
  List<String> problems(String answer) {
    return validator.validate(answer, InputFormat.JSON).stream().map(Object::toString).toList();
  }

  private static Schema compile(JsonNode schema, String at) throws InvalidInputException {
    try {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(schema.toString(), InputFormat.JSON);
    } catch (RuntimeException e) {
      throw new InvalidInputException(at + "/schema: not a usable JSON Schema: " + e.getMessage());
    }
  }
}
