package io.conserver.vcon.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Objects;

/** Shared plumbing of the model builders: members are written in the order they are set. */
public abstract class JsonObjectBuilder<B extends JsonObjectBuilder<B>> {
  protected static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  protected final ObjectNode json;

  protected JsonObjectBuilder(ObjectNode start) {
    this.json = LiteralCopy.of(start);
  }

  protected abstract B self();

  /** Sets any member, including extension members the model has no typed setter for. */
  public B set(String name, JsonNode value) {
    Objects.requireNonNull(name, "name");
    if (value == null) {
      json.remove(name);
    } else {
      json.set(name, LiteralCopy.of(value));
    }
    return self();
  }

  public B set(String name, String value) {
    return set(name, value == null ? null : NODES.textNode(value));
  }

  public B set(String name, int value) {
    return set(name, NODES.numberNode(value));
  }

  public B set(String name, OffsetDateTime value) {
    return set(name, value == null ? null : formatTime(value));
  }

  public B setIndexes(String name, Collection<Integer> indexes) {
    ArrayNode array = NODES.arrayNode();
    indexes.forEach(array::add);
    return set(name, array);
  }

  public B remove(String name) {
    json.remove(name);
    return self();
  }

  /** RFC 3339 with millisecond precision, the form the draft's examples use. */
  public static String formatTime(OffsetDateTime time) {
    return time.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX"));
  }
}
