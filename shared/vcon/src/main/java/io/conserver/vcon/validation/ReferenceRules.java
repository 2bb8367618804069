package io.conserver.vcon.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.vcon.validation.Checker.Target;

/**
 * Indices into the parties, dialog and attachments arrays. The draft identifies those entries by
 * position only (redaction leaves placeholders to keep positions stable), so an index that points
 * past the end is a dangling reference.
 */
final class ReferenceRules {
  private ReferenceRules() {}

  /** An UnsignedInt member that indexes {@code target}. */
  static void index(Checker c, ObjectAt holder, String name, Target target) {
    JsonNode value = holder.get(name);
    if (value != null) {
      index(c, value, holder.at(name), target);
    }
  }

  /** An {@code UnsignedInt | UnsignedInt[]} member that indexes {@code target}. */
  static void indexOrIndices(Checker c, ObjectAt holder, String name, Target target) {
    JsonNode value = holder.get(name);
    if (value == null) {
      return;
    }
    Pointer at = holder.at(name);
    if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        index(c, value.get(i), at.index(i), target);
      }
    } else if (value.isNumber()) {
      index(c, value, at, target);
    } else {
      c.wrongType(at, "an index or an array of indices", value);
    }
  }

  /**
   * Checks one index and returns it, or -1 when it is not a usable index (already reported), so
   * callers can look at the entry it points to.
   */
  static int index(Checker c, JsonNode value, Pointer at, Target target) {
    if (!value.isIntegralNumber()) {
      c.wrongType(at, "a non-negative integer index", value);
      return -1;
    }
    if (value.bigIntegerValue().signum() < 0) {
      c.error(at, "range", "an index must not be negative");
      return -1;
    }
    int count = c.count(target);
    if (count < 0) {
      return -1;
    }
    if (!value.canConvertToInt() || value.intValue() >= count) {
      c.error(
          at,
          target.code,
          target.noun
              + " index "
              + value.asText()
              + " is outside the "
              + target.member
              + " array ("
              + count
              + (count == 1 ? " entry)" : " entries)"));
      return -1;
    }
    return value.intValue();
  }
}
