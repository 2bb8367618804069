package io.conserver.platform.erase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code sinks/journal/<uuid>/<sink>.json} record, as the export stage writes it: which sink of
 * which pipeline received the conversation, and the sink's own target ids.
 *
 * @param conversationId the conversation the journal is kept under (where erase looks)
 * @param exportedUuid the uuid of the vCon the sink received, which keys its record there: a
 *     redacted copy's own uuid when the export stage follows redact; journals written before this
 *     was recorded name none, and then it is the conversation id
 */
public record SinkJournalEntry(
    String key,
    String conversationId,
    String pipeline,
    String stage,
    String sink,
    String type,
    List<String> targetIds,
    String exportedUuid) {
  public SinkJournalEntry {
    targetIds = List.copyOf(targetIds);
    if (exportedUuid == null || exportedUuid.isEmpty()) {
      exportedUuid = conversationId;
    }
  }

  /** An entry for a vCon exported under the conversation id itself. */
  public SinkJournalEntry(
      String key,
      String conversationId,
      String pipeline,
      String stage,
      String sink,
      String type,
      List<String> targetIds) {
    this(key, conversationId, pipeline, stage, sink, type, targetIds, conversationId);
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
        targets,
        record.path("exported").asText(""));
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
    json.put("exported", exportedUuid);
    return json;
  }
}
