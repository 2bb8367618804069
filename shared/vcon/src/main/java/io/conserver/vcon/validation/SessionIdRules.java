package io.conserver.vcon.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Dialog {@code session_id}: {@code SessionId | SessionId[] | (SessionId | SessionId[])[]}, where a
 * SessionId is {@code {"local": String, "remote": String}} (RFC 7989) and {@code {}} stands for a
 * party without one. Until 0.3.0 it was a plain string.
 */
final class SessionIdRules {
  private SessionIdRules() {}

  static void check(Checker c, ObjectAt dialog) {
    JsonNode value = dialog.get("session_id");
    if (value == null) {
      return;
    }
    Pointer at = dialog.at("session_id");
    if (value.isTextual()) {
      c.strictError(
          at,
          "legacy",
          "a string `session_id` is vCon 0.3.0; 0.4.0 uses a SessionId object {local, remote}");
    } else if (value.isObject()) {
      sessionId(c, value, at);
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        JsonNode element = value.get(i);
        if (element.isArray()) {
          for (int j = 0; j < element.size(); j++) {
            sessionId(c, element.get(j), at.index(i).index(j));
          }
        } else {
          sessionId(c, element, at.index(i));
        }
      }
    } else {
      c.wrongType(at, "a SessionId object or an array of them", value);
    }
  }

  private static void sessionId(Checker c, JsonNode value, Pointer at) {
    if (!value.isObject()) {
      c.wrongType(at, "a SessionId object", value);
      return;
    }
    ObjectAt sessionId = new ObjectAt((ObjectNode) value, at);
    c.string(sessionId, "local");
    c.string(sessionId, "remote");
  }
}
