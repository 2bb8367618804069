package io.conserver.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Mutants of a JSON document for fuzz tests without a framework: every value (objects and arrays
 * included) replaced by each of {@link #WRONG} or removed. Deterministic, so a failure names the
 * JSON pointer and value that caused it.
 */
public final class JsonMutants {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Values of the wrong type or content for almost any field. */
  public static final List<JsonNode> WRONG =
      List.of(
          F.nullNode(),
          F.booleanNode(true),
          F.numberNode(0),
          F.numberNode(-5),
          F.numberNode(2.5),
          F.numberNode(1e300),
          F.textNode(""),
          F.textNode("X Y"),
          F.textNode("../../escape"),
          F.textNode("not-a-date"),
          F.textNode("\u0000\uD800"),
          F.arrayNode(),
          F.arrayNode().add(F.nullNode()),
          F.objectNode());

  /** One mutant: what was changed (for the failure message) and the document. */
  public record Mutant(String description, JsonNode document) {}

  private JsonMutants() {}

  /** Every mutant of {@code original}: each value replaced by each wrong one, then removed. */
  public static List<Mutant> of(JsonNode original) {
    List<String> pointers = new ArrayList<>();
    collect(original, "", pointers);
    List<Mutant> mutants = new ArrayList<>();
    for (String pointer : pointers) {
      for (JsonNode wrong : WRONG) {
        mutants.add(new Mutant(pointer + " = " + wrong, replaced(original, pointer, wrong)));
      }
      mutants.add(new Mutant("without " + pointer, replaced(original, pointer, null)));
    }
    return mutants;
  }

  private static void collect(JsonNode node, String pointer, List<String> pointers) {
    if (!pointer.isEmpty()) {
      pointers.add(pointer);
    }
    if (node.isObject()) {
      node.fieldNames()
          .forEachRemaining(
              f ->
                  collect(
                      node.get(f),
                      pointer + "/" + f.replace("~", "~0").replace("/", "~1"),
                      pointers));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), pointer + "/" + i, pointers);
      }
    }
  }

  /** A copy with the value at {@code pointer} replaced, or removed when {@code value} is null. */
  private static JsonNode replaced(JsonNode original, String pointer, JsonNode value) {
    JsonNode copy = original.deepCopy();
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = copy.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
    if (parent instanceof ObjectNode object) {
      if (value == null) {
        object.remove(last);
      } else {
        object.set(last, value);
      }
    } else if (parent instanceof ArrayNode array) {
      int index = Integer.parseInt(last);
      if (value == null) {
        array.remove(index);
      } else {
        array.set(index, value);
      }
    }
    return copy;
  }
}
