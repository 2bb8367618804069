package io.conserver.platform.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * CloudEvents over HTTP. In structured mode the body is the whole event ({@code
 * {"specversion","type","source","subject","id","data":{...}}}) and formats read it as it is. In
 * binary mode (what Eventarc delivers to Cloud Functions gen2 and Cloud Run) the attributes come as
 * {@code ce-*} headers and the body is the data alone: it is turned into the structured shape here,
 * so each format reads one shape.
 */
final class CloudEvents {
  static final String SPECVERSION = "specversion";
  private static final String[] ATTRIBUTES = {
    SPECVERSION, "type", "source", "subject", "id", "time"
  };

  private CloudEvents() {}

  /**
   * The event's attributes from {@code ce-*} headers, as a structured-mode event without data, or
   * null when the request is not in binary mode (no {@code ce-type} header).
   */
  static ObjectNode fromBinaryMode(Map<String, String> headers, ObjectMapper json) {
    String type = EventDecoder.header(headers, "ce-type");
    if (type == null) {
      return null;
    }
    ObjectNode event = json.createObjectNode();
    for (String attribute : ATTRIBUTES) {
      String value = EventDecoder.header(headers, "ce-" + attribute);
      if (value != null) {
        event.put(attribute, value);
      }
    }
    if (!event.has(SPECVERSION)) {
      event.put(SPECVERSION, "1.0");
    }
    return event;
  }

  /** Whether a JSON object is a structured-mode CloudEvent of the given type. */
  static boolean isOfType(com.fasterxml.jackson.databind.JsonNode root, String type) {
    return root.has(SPECVERSION) && type.equals(Fields.textOrNull(root, "type"));
  }
}
