package io.conserver.vcon.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Base of the immutable model types: a typed view over a private JSON object. The object is copied
 * on the way in and on the way out, so the view can never change under its holder, and members the
 * model does not know survive untouched.
 */
public abstract class JsonView {
  private final ObjectNode json;

  protected JsonView(ObjectNode json) {
    this.json = LiteralCopy.of(json);
  }

  /** A copy of the underlying JSON object, unknown members included. */
  public ObjectNode toJson() {
    return json.deepCopy();
  }

  /**
   * The underlying object itself, for subclasses that only read it whole (serialising it): no copy,
   * so it must never be changed or handed out.
   */
  protected ObjectNode json() {
    return json;
  }

  /** The raw value of any member (known or not), as a copy; empty when absent. */
  public Optional<JsonNode> member(String name) {
    JsonNode value = json.get(name);
    return value == null ? Optional.empty() : Optional.of(value.deepCopy());
  }

  /** A string member; empty when absent or not a string. */
  public Optional<String> text(String name) {
    JsonNode value = json.get(name);
    return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
  }

  protected OptionalInt index(String name) {
    JsonNode value = json.get(name);
    return value != null && value.canConvertToInt() && value.isIntegralNumber()
        ? OptionalInt.of(value.intValue())
        : OptionalInt.empty();
  }

  /** A date-time member, empty when absent or not RFC 3339 (validation reports that case). */
  protected Optional<OffsetDateTime> dateTime(String name) {
    return text(name)
        .flatMap(
            value -> {
              try {
                return Optional.of(OffsetDateTime.parse(value));
              } catch (DateTimeParseException e) {
                return Optional.empty();
              }
            });
  }

  protected List<Integer> indexList(String name) {
    JsonNode value = json.get(name);
    List<Integer> result = new ArrayList<>();
    collectIndexes(value, result);
    return Collections.unmodifiableList(result);
  }

  protected List<String> textList(String name) {
    JsonNode value = json.get(name);
    List<String> result = new ArrayList<>();
    if (value != null && value.isTextual()) {
      result.add(value.textValue());
    } else if (value != null && value.isArray()) {
      value.forEach(item -> result.add(item.asText()));
    }
    return Collections.unmodifiableList(result);
  }

  protected <T> List<T> objects(String name, Function<ObjectNode, T> view) {
    JsonNode value = json.get(name);
    List<T> result = new ArrayList<>();
    if (value != null && value.isArray()) {
      for (JsonNode item : value) {
        if (item instanceof ObjectNode object) {
          result.add(view.apply(object));
        }
      }
    }
    return Collections.unmodifiableList(result);
  }

  protected <T> Optional<T> object(String name, Function<ObjectNode, T> view) {
    JsonNode value = json.get(name);
    return value instanceof ObjectNode object ? Optional.of(view.apply(object)) : Optional.empty();
  }

  /** Read-only access for subclasses that need to inspect nested structure. */
  protected JsonNode node(String name) {
    return json.get(name);
  }

  private static void collectIndexes(JsonNode value, List<Integer> into) {
    if (value == null) {
      return;
    }
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      into.add(value.intValue());
    } else if (value.isArray()) {
      value.forEach(item -> collectIndexes(item, into));
    }
  }

  @Override
  public boolean equals(Object other) {
    return other != null && other.getClass() == getClass() && json.equals(((JsonView) other).json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + json;
  }
}
