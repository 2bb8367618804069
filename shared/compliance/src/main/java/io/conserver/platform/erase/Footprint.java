package io.conserver.platform.erase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Everything one conversation left in the tenant's bucket and sinks, as planned before anything is
 * deleted and kept in the request state: once copies are gone they can no longer be read to find
 * their media or index entries, so a resumed request works from this plan, not from the bucket.
 * Backed by the JSON it is stored as.
 */
final class Footprint {
  final ObjectNode json;

  Footprint(ObjectNode json) {
    this.json = json;
  }

  static Footprint create(String conversationId) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("id", conversationId);
    json.put("status", "planned");
    return new Footprint(json);
  }

  String id() {
    return json.path("id").asText();
  }

  /** The conversation id and the ids its copies carry (a redacted copy's own uuid). */
  List<String> ids() {
    return texts("ids");
  }

  List<String> texts(String member) {
    List<String> values = new ArrayList<>();
    json.path(member).forEach(v -> values.add(v.asText()));
    return values;
  }

  void setTexts(String member, Collection<String> values) {
    ArrayNode array = json.putArray(member);
    values.forEach(array::add);
  }

  List<JsonNode> objects(String member) {
    List<JsonNode> values = new ArrayList<>();
    json.path(member).forEach(values::add);
    return values;
  }

  ArrayNode array(String member) {
    JsonNode existing = json.get(member);
    return existing instanceof ArrayNode array ? array : json.putArray(member);
  }

  String status() {
    return json.path("status").asText();
  }

  void status(String status) {
    json.put("status", status);
  }

  boolean finished() {
    return !status().equals("planned");
  }
}
