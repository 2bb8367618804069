package io.conserver.vcon.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Deep copy that turns every non-integral number into a {@link LiteralDecimalNode}, so a tree built
 * in code equals the same tree parsed back from its JSON (doubles and BigDecimals would otherwise
 * compare unequal to the parsed literal).
 */
public final class LiteralCopy {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private LiteralCopy() {}

  public static ObjectNode of(ObjectNode source) {
    return (ObjectNode) of((JsonNode) source);
  }

  public static JsonNode of(JsonNode source) {
    if (source.isObject()) {
      ObjectNode copy = NODES.objectNode();
      for (Map.Entry<String, JsonNode> member : source.properties()) {
        copy.set(member.getKey(), of(member.getValue()));
      }
      return copy;
    }
    if (source.isArray()) {
      ArrayNode copy = NODES.arrayNode(source.size());
      source.forEach(item -> copy.add(of(item)));
      return copy;
    }
    if (source.isNumber()
        && !source.isIntegralNumber()
        && !(source instanceof LiteralDecimalNode)) {
      return new LiteralDecimalNode(literal(source));
    }
    return source.deepCopy();
  }

  private static String literal(JsonNode number) {
    if (number.isBigDecimal()) {
      return number.decimalValue().toString();
    }
    double value = number.doubleValue();
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("JSON has no literal for " + value);
    }
    return Double.toString(value);
  }
}
