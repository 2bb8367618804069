package io.conserver.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the pages show of a vCon document: labels, times, tags, objections, marked text. */
final class VconText {
  /** The placeholders the redact stage writes in place of what it detected: [EMAIL], [NAME]... */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\[[A-Z][A-Z_]{1,30}\\]");

  /** A piece of text; {@code redacted} when it is a placeholder the page marks. */
  @TemplateData
  record Segment(String text, boolean redacted) {}

  private VconText() {}

  static String partyLabel(JsonNode party) {
    // A redacted copy masks the identifiers: its parties keep their role.
    for (String field : List.of("name", "tel", "mailto", "sip", "role", "type")) {
      String value = party.path(field).asText("");
      if (!value.isEmpty()) {
        return value;
      }
    }
    return "(unnamed)";
  }

  /** The conversation's start: its first dialog's, else its creation time. */
  static String start(JsonNode vcon) {
    for (JsonNode dialog : vcon.path("dialog")) {
      if (dialog.hasNonNull("start")) {
        return dialog.path("start").asText();
      }
    }
    return vcon.path("created_at").asText("");
  }

  /** Tags of the "tags" attachments, as {@code name} or {@code name:value}. */
  static List<String> tags(JsonNode vcon) {
    TreeSet<String> tags = new TreeSet<>();
    for (JsonNode attachment : vcon.path("attachments")) {
      String kind = attachment.path("purpose").asText(attachment.path("type").asText(""));
      if (!"tags".equals(kind)) {
        continue;
      }
      JsonNode body = attachment.path("body");
      if (body.isObject()) {
        body.properties().forEach(e -> tags.add(e.getKey() + ":" + e.getValue().asText()));
      } else if (body.isArray()) {
        body.forEach(t -> tags.add(t.asText()));
      }
    }
    return new ArrayList<>(tags);
  }

  /** The objection types the objections analyses found. */
  static List<String> objectionTypes(JsonNode vcon) {
    TreeSet<String> types = new TreeSet<>();
    for (JsonNode analysis : vcon.path("analysis")) {
      if ("objections".equals(analysis.path("type").asText())) {
        analysis.path("body").path("objections").forEach(o -> types.add(o.path("type").asText()));
      }
    }
    return new ArrayList<>(types);
  }

  /** Text cut into plain pieces and redaction placeholders. */
  static List<Segment> segments(String text) {
    List<Segment> segments = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    int at = 0;
    while (m.find()) {
      if (m.start() > at) {
        segments.add(new Segment(text.substring(at, m.start()), false));
      }
      segments.add(new Segment(m.group(), true));
      at = m.end();
    }
    if (at < text.length()) {
      segments.add(new Segment(text.substring(at), false));
    }
    return segments;
  }

  /** Seconds as m:ss. */
  static String clock(double seconds) {
    long whole = Math.round(Math.max(0, seconds));
    return String.format(java.util.Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
  }
}
