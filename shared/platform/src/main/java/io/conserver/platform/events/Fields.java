package io.conserver.platform.events;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading the few fields each format needs, strictly: a wrong type is poison, not a crash. */
final class Fields {
  private static final int MAX_QUOTED = 64;

  private Fields() {}

  /** The field when it is present and not JSON null, else null. */
  static JsonNode present(JsonNode parent, String field) {
    if (parent == null || !parent.isObject()) {
      return null;
    }
    JsonNode value = parent.get(field);
    return value == null || value.isNull() ? null : value;
  }

  /** A required JSON object. */
  static JsonNode object(JsonNode parent, String field, String path) {
    JsonNode value = present(parent, field);
    if (value == null) {
      throw new BadEvent(path + " is missing");
    }
    if (!value.isObject()) {
      throw new BadEvent(path + " is not an object");
    }
    return value;
  }

  /** A required, non-empty string. */
  static String text(JsonNode parent, String field, String path) {
    String value = optionalText(parent, field, path);
    if (value == null || value.isEmpty()) {
      throw new BadEvent(path + " is missing");
    }
    return value;
  }

  /**
   * An optional string (an integral number is taken as its decimal text: some producers send
   * generations and versions as numbers); null when missing or JSON null.
   */
  static String optionalText(JsonNode parent, String field, String path) {
    JsonNode value = present(parent, field);
    if (value == null) {
      return null;
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    throw new BadEvent(path + " is not a string");
  }

  /** The string value when the field is a string, else null (for recognising shapes). */
  static String textOrNull(JsonNode parent, String field) {
    JsonNode value = present(parent, field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }

  /**
   * An optional size in bytes: a non-negative integer, as a JSON number (S3) or a decimal string
   * (GCS); {@link ObjectCreated#UNKNOWN_SIZE} when missing.
   */
  static long size(JsonNode parent, String field, String path) {
    JsonNode value = present(parent, field);
    if (value == null) {
      return ObjectCreated.UNKNOWN_SIZE;
    }
    long size = -1;
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      size = value.longValue();
    } else if (value.isTextual()) {
      size = parseNonNegativeLong(value.textValue());
    }
    if (size < 0) {
      throw new BadEvent(path + " is not a size in bytes");
    }
    return size;
  }

  /** A delivery counter: advisory, so anything that is not a positive integer counts as 0. */
  static int count(JsonNode parent, String field) {
    JsonNode value = present(parent, field);
    long count = -1;
    if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
      count = value.longValue();
    } else if (value != null && value.isTextual()) {
      count = parseNonNegativeLong(value.textValue());
    }
    return count > 0 && count <= Integer.MAX_VALUE ? (int) count : 0;
  }

  /** Decimal digits only (at most 18, so no overflow), else -1. */
  static long parseNonNegativeLong(String text) {
    if (text == null || text.isEmpty() || text.length() > 18) {
      return -1;
    }
    long result = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      result = result * 10 + (c - '0');
    }
    return result;
  }

  /**
   * A value from the event made safe to put in a reason: an event type or source (never a key or a
   * payload), cut short, control characters replaced.
   */
  static String quote(String value) {
    if (value == null) {
      return "(none)";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_QUOTED) + 5);
    out.append('\'');
    for (int i = 0; i < value.length() && i < MAX_QUOTED; i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || c == 0x7f || Character.isSurrogate(c) ? '?' : c);
    }
    if (value.length() > MAX_QUOTED) {
      out.append('…');
    }
    return out.append('\'').toString();
  }
}
