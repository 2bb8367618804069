package io.conserver.functions.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.redact.detect.DetectionContext;
import io.conserver.functions.redact.detect.Detectors;
import io.conserver.functions.redact.text.TextRedaction;
import io.conserver.functions.redact.text.WordsRedaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Redacts the text of one vCon object (a dialog, an analysis, an attachment) in place: string
 * bodies, every string field of JSON bodies, text carried base64url-encoded, transcript words, and
 * file names. Content it cannot read (external files, binary bodies) is removed, since it cannot be
 * checked. Positions go to the report.
 */
final class TextRedactor {
  /** A transcript's redacted word spans, for the audio. */
  record TranscriptSpans(int dialog, int channel, List<WordsRedaction.Span> spans) {}

  private final Detectors detectors;
  private final DetectionContext context;
  private final RedactionReport report;

  TextRedactor(Detectors detectors, DetectionContext context, RedactionReport report) {
    this.detectors = detectors;
    this.context = context;
    this.report = report;
  }

  /** A top-level string member (the subject). */
  String member(String name, String value) {
    TextRedaction r = TextRedaction.of(value, detectors, context);
    report.text(where(name, -1, null), r.spans());
    return r.text();
  }

  /**
   * Redacts the content of an object of {@code member} (dialog, analysis, attachments) at {@code
   * index}; returns the transcript's spans when it is a transcript.
   */
  TranscriptSpans content(String member, int index, ObjectNode object) {
    filename(member, index, object);
    JsonNode body = object.get("body");
    if (body == null) {
      if (object.has("url")) {
        object.remove(List.of("url", "content_hash"));
        report.removed(member, index, "external content cannot be checked for personal data");
      }
      return null;
    }
    String encoding = object.path("encoding").asText("none");
    if (encoding.equals("json")) {
      if (isTranscript(object)) {
        return transcript(index, object, body);
      }
      strings(member, index, body, "body", object, "body");
    } else if (encoding.equals("base64url")) {
      base64(member, index, object, body);
    } else if (body.isTextual()) {
      TextRedaction r = TextRedaction.of(body.textValue(), detectors, context);
      object.put("body", r.text());
      report.text(where(member, index, "body"), r.spans());
    }
    return null;
  }

  /** A file name can carry personal data too ("call-+15551234567.wav"). */
  void filename(String member, int index, ObjectNode object) {
    if (object.path("filename").isTextual()) {
      TextRedaction r = TextRedaction.of(object.path("filename").textValue(), detectors, context);
      object.put("filename", r.text());
      report.text(where(member, index, "filename"), r.spans());
    }
  }

  private static boolean isTranscript(ObjectNode object) {
    return "transcript".equals(object.path("type").asText()) && object.path("body").isObject();
  }

  private TranscriptSpans transcript(int index, ObjectNode analysis, JsonNode body) {
    ObjectNode b = (ObjectNode) body;
    List<WordsRedaction.Span> spans = List.of();
    int dialog = analysis.path("dialog").isInt() ? analysis.path("dialog").asInt() : -1;
    int channel = b.path("channel").isInt() ? b.path("channel").asInt() : -1;
    if (b.get("words") instanceof ArrayNode words) {
      spans = WordsRedaction.redact(words, detectors, context);
      report.words(index, dialog, channel, spans);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getKey().equals("words")) {
        strings("analysis", index, field.getValue(), "body/" + field.getKey(), b, field.getKey());
      }
    }
    return new TranscriptSpans(dialog, channel, spans);
  }

  private void base64(String member, int index, ObjectNode object, JsonNode body) {
    String type = object.path("mediatype").asText("");
    boolean textual = type.startsWith("text/") || type.endsWith("json") || type.endsWith("+json");
    if (!textual || !body.isTextual()) {
      if (member.equals("dialog") && isMedia(object)) {
        return; // recordings are the audio redactor's
      }
      object.remove(List.of("body", "encoding"));
      report.removed(member, index, "binary content (" + type + ") cannot be checked");
      return;
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(body.textValue()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      object.remove(List.of("body", "encoding"));
      report.removed(member, index, "the body is not valid base64url");
      return;
    }
    TextRedaction r = TextRedaction.of(text, detectors, context);
    report.text(where(member, index, "body"), r.spans());
    object.put(
        "body",
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(r.text().getBytes(StandardCharsets.UTF_8)));
  }

  static boolean isMedia(ObjectNode dialog) {
    String type = dialog.path("type").asText("");
    return type.equals("recording") || type.equals("video");
  }

  // Every string leaf of a JSON value (keys are left alone), replaced in its parent.
  private void strings(
      String member, int index, JsonNode value, String path, JsonNode parent, Object slot) {
    if (value.isTextual()) {
      TextRedaction r = TextRedaction.of(value.textValue(), detectors, context);
      if (r.changed()) {
        if (parent instanceof ObjectNode o) {
          o.put((String) slot, r.text());
        } else if (parent instanceof ArrayNode a) {
          a.set((Integer) slot, JsonNodeFactory.instance.textNode(r.text()));
        }
        report.text(where(member, index, path), r.spans());
      }
    } else if (value.isObject()) {
      List<String> names = new ArrayList<>();
      value.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        strings(member, index, value.get(name), path + "/" + name, value, name);
      }
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        strings(member, index, value.get(i), path + "/" + i, value, i);
      }
    }
  }

  private static ObjectNode where(String member, int index, String field) {
    ObjectNode where = JsonNodeFactory.instance.objectNode();
    if (index >= 0) {
      where.put(member, index);
    } else {
      where.put("member", member);
    }
    if (field != null) {
      where.put("field", field);
    }
    return where;
  }
}
