package io.conserver.platform.erase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code sinks/journal/<uuid>/<sink>.json} record, as the export stage writes it: which sink of
 * which pipeline received the conversation, and the sink's own target ids.
 */
public record SinkJournalEntry(
    String key,
    String conversationId,
    String pipeline,
    String stage,
    String sink,
    String type,
    List<String> targetIds) {
  public SinkJournalEntry {
    targetIds = List.copyOf(targetIds);
  }

  public static SinkJournalEntry of(String key, JsonNode record) {
    List<String> targets = new ArrayList<>();
    record.path("target_ids").forEach(t -> targets.add(t.asText()));
    return new SinkJournalEntry(
        key,
        record.path("vcon").asText(),
        record.path("pipeline").asText(),
        record.path("stage").asText(),
        record.path("sink").asText(),
        record.path("type").asText(),
        targets);
  }

  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("key", key);
    json.put("vcon", conversationId);
    json.put("pipeline", pipeline);
    json.put("stage", stage);
    json.put("sink", sink);
    json.put("type", type);
    targetIds.forEach(json.putArray("target_ids")::add);
    return json;
  }
}
