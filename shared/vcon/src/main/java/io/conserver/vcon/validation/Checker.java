package io.conserver.vcon.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The state of one validation run: the mode, the issues found so far, and the sizes of the arrays
 * that indices point into. Its typed accessors report a wrong type themselves and return null, so
 * that rules read as a list of expectations.
 */
final class Checker {
  /** The arrays that other members refer to by index. */
  enum Target {
    PARTIES("parties", "ref.party", "party"),
    DIALOG("dialog", "ref.dialog", "dialog"),
    ATTACHMENTS("attachments", "ref.attachment", "attachment");

    final String member;
    final String code;
    final String noun;

    Target(String member, String code, String noun) {
      this.member = member;
      this.code = code;
      this.noun = noun;
    }
  }

  private final ValidationMode mode;
  private final Set<String> supportedExtensions;
  private final List<ValidationIssue> issues = new ArrayList<>();
  private final ObjectNode document;

  Checker(ValidationMode mode, Set<String> supportedExtensions, ObjectNode document) {
    this.mode = mode;
    this.supportedExtensions = supportedExtensions;
    this.document = document;
  }

  List<ValidationIssue> issues() {
    return issues;
  }

  boolean isStrict() {
    return mode == ValidationMode.STRICT;
  }

  boolean supportsExtension(String name) {
    return supportedExtensions.contains(name);
  }

  // ---- reporting

  void error(Pointer at, String code, String message) {
    issues.add(ValidationIssue.error(at.reported(), code, message));
  }

  void warning(Pointer at, String code, String message) {
    issues.add(ValidationIssue.warning(at.reported(), code, message));
  }

  /** An error in STRICT mode; a warning in LENIENT mode, for omissions real producers make. */
  void strictError(Pointer at, String code, String message) {
    if (isStrict()) {
      error(at, code, message);
    } else {
      warning(at, code, message);
    }
  }

  void missing(ObjectAt holder, String name) {
    error(holder.at(name), "required", "`" + name + "` is required");
  }

  void wrongType(Pointer at, String expected, JsonNode actual) {
    error(at, "type", "must be " + expected + ", not " + describe(actual));
  }

  /** A 0.3.0 (or older) member name: rejected in STRICT mode, tolerated in LENIENT mode. */
  void legacy(ObjectAt holder, String name, String replacement) {
    if (holder.has(name)) {
      strictError(
          holder.at(name),
          "legacy",
          "`" + name + "` is a pre-0.4.0 name; vCon 0.4.0 uses " + replacement);
    }
  }

  // ---- typed accessors: report a wrong type, return null when absent or wrong

  String string(ObjectAt holder, String name) {
    JsonNode value = holder.get(name);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      wrongType(holder.at(name), "a string", value);
      return null;
    }
    return value.textValue();
  }

  String requiredString(ObjectAt holder, String name) {
    if (!holder.has(name)) {
      missing(holder, name);
      return null;
    }
    return string(holder, name);
  }

  ObjectAt object(ObjectAt holder, String name) {
    JsonNode value = holder.get(name);
    if (value == null) {
      return null;
    }
    if (!value.isObject()) {
      wrongType(holder.at(name), "an object", value);
      return null;
    }
    return new ObjectAt((ObjectNode) value, holder.at(name));
  }

  ArrayNode array(ObjectAt holder, String name) {
    JsonNode value = holder.get(name);
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      wrongType(holder.at(name), "an array", value);
      return null;
    }
    return (ArrayNode) value;
  }

  /** Every element of an array member must be a string. */
  void stringArray(ObjectAt holder, String name, StringElementCheck check) {
    ArrayNode array = array(holder, name);
    if (array == null) {
      return;
    }
    Pointer at = holder.at(name);
    for (int i = 0; i < array.size(); i++) {
      JsonNode element = array.get(i);
      if (element.isTextual()) {
        check.check(element.textValue(), at.index(i));
      } else {
        wrongType(at.index(i), "a string", element);
      }
    }
  }

  interface StringElementCheck {
    void check(String value, Pointer at);
  }

  /**
   * Runs {@code rule} on each object of an array member. Non-objects are type errors; empty objects
   * are the draft's placeholders for removed entries and need nothing.
   */
  void eachObject(ObjectAt holder, String name, Consumer<ObjectAt> rule) {
    ArrayNode array = array(holder, name);
    if (array == null) {
      return;
    }
    Pointer at = holder.at(name);
    for (int i = 0; i < array.size(); i++) {
      JsonNode element = array.get(i);
      if (!element.isObject()) {
        wrongType(at.index(i), "an object", element);
        continue;
      }
      ObjectAt object = new ObjectAt((ObjectNode) element, at.index(i));
      if (!object.isPlaceholder()) {
        rule.accept(object);
      }
    }
  }

  // ---- formats

  void dateTime(ObjectAt holder, String name) {
    String value = string(holder, name);
    if (value != null && !Formats.isDateTime(value)) {
      error(
          holder.at(name),
          "format.date-time",
          "`" + name + "` must be an RFC 3339 date-time with seconds and an offset or Z");
    }
  }

  void requiredDateTime(ObjectAt holder, String name) {
    if (holder.has(name)) {
      dateTime(holder, name);
    } else {
      missing(holder, name);
    }
  }

  void uuid(ObjectAt holder, String name) {
    String value = string(holder, name);
    if (value != null && !Formats.isUuid(value)) {
      error(holder.at(name), "format.uuid", "`" + name + "` must be a UUID (8-4-4-4-12 hex)");
    }
  }

  void httpsUrl(ObjectAt holder, String name) {
    String value = string(holder, name);
    if (value != null && !Formats.isHttpsUrl(value)) {
      error(holder.at(name), "format.https-url", "`" + name + "` must be an absolute https URL");
    }
  }

  void mediatype(ObjectAt holder, String name) {
    String value = string(holder, name);
    if (value != null && !Formats.isMediatype(value)) {
      error(
          holder.at(name), "format.mediatype", "`" + name + "` must be a type/subtype media type");
    }
  }

  // ---- index targets

  /**
   * The number of entries an index into {@code target} may address, or -1 when that array has the
   * wrong type (already reported; checking indices against it would only add noise).
   */
  int count(Target target) {
    JsonNode array = document.get(target.member);
    if (array == null) {
      return 0;
    }
    return array.isArray() ? array.size() : -1;
  }

  /** The {@code type} of dialog {@code index}, or null when it has none (or is not an object). */
  String dialogType(int index) {
    JsonNode dialog = document.get("dialog");
    if (dialog == null || !dialog.isArray()) {
      return null;
    }
    JsonNode type = dialog.path(index).path("type");
    return type.isTextual() ? type.textValue() : null;
  }

  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "absent";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING, BINARY -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case MISSING -> "absent";
    };
  }
}
