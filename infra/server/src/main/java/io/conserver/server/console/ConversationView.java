package io.conserver.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.storage.BlobStore;
import io.conserver.vcon.VconJson;
import io.quarkus.qute.TemplateData;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One conversation as the detail page shows it: the furthest stage copy (redacted, in the default
 * pipeline) for parties, chat, transcript and analysis; the first copy only to know whether a
 * recording has an original besides the redacted one; and the lineage ledger with its verdict.
 */
@TemplateData
record ConversationView(
    ConversationCatalog.Summary summary,
    List<Party> parties,
    List<DialogView> dialogs,
    List<Transcript> transcripts,
    List<Moment> timeline,
    List<Entry> analyses,
    List<Entry> attachments,
    List<LedgerRow> ledger,
    boolean ledgerIntact) {

  static final int MAX_SHOWN_JSON = 8 * 1024;

  @TemplateData
  record Party(int index, String label, String role) {}

  /** A dialog; a recording says which of its two media exist (the player streams them). */
  @TemplateData
  record DialogView(
      int index,
      String type,
      String start,
      String duration,
      String from,
      int side,
      List<VconText.Segment> text,
      boolean original,
      boolean redacted) {
    public boolean recording() {
      return "recording".equals(type);
    }

    public boolean chat() {
      return "text".equals(type);
    }
  }

  @TemplateData
  record Transcript(int dialog, String channel, String language, List<VconText.Segment> text) {}

  /** An analysis result at its time in the conversation; {@code percent} places it on the bar. */
  @TemplateData
  record Moment(String kind, String label, String when, int percent, int dialog, String text) {}

  @TemplateData
  record Entry(String type, String source, String json) {}

  @TemplateData
  record LedgerRow(
      long seq,
      String stage,
      String function,
      String purpose,
      String basis,
      String outcome,
      String at) {}

  static ConversationView of(
      BlobStore store, ConversationCatalog.Copy first, ConversationCatalog.Copy furthest) {
    JsonNode shown = ConversationCatalog.read(store, furthest.key());
    JsonNode original =
        first.key().equals(furthest.key()) ? shown : ConversationCatalog.read(store, first.key());
    List<Party> parties = new ArrayList<>();
    int p = 0;
    for (JsonNode party : shown.path("parties")) {
      parties.add(
          new Party(
              p++,
              VconText.partyLabel(party),
              party.path("role").asText(party.path("type").asText(""))));
    }
    List<DialogView> dialogs = new ArrayList<>();
    double duration = 0;
    for (int i = 0; i < shown.path("dialog").size(); i++) {
      JsonNode dialog = shown.path("dialog").get(i);
      JsonNode before = original.path("dialog").path(i);
      String type = dialog.path("type").asText("");
      boolean media = ConsoleMedia.hasMedia(dialog);
      boolean originalMedia = ConsoleMedia.hasMedia(before);
      boolean redacted = media && originalMedia && !sameMedia(dialog, before);
      int from = dialog.path("originator").asInt(dialog.path("parties").path(0).asInt(-1));
      duration = Math.max(duration, dialog.path("duration").asDouble(0));
      dialogs.add(
          new DialogView(
              i,
              type,
              dialog.path("start").asText(""),
              dialog.has("duration") ? VconText.clock(dialog.path("duration").asDouble()) : "",
              from >= 0 && from < parties.size() ? parties.get(from).label() : "",
              Math.max(from, 0) % 2,
              "text".equals(type) ? VconText.segments(dialog.path("body").asText("")) : List.of(),
              originalMedia,
              redacted));
    }
    Span span = Span.of(shown.path("dialog"));
    List<Transcript> transcripts = new ArrayList<>();
    List<Moment> timeline = new ArrayList<>();
    List<Entry> analyses = new ArrayList<>();
    for (JsonNode analysis : shown.path("analysis")) {
      String type = analysis.path("type").asText("");
      JsonNode body = analysis.path("body");
      if ("transcript".equals(type)) {
        transcripts.add(
            new Transcript(
                analysis.path("dialog").asInt(0),
                body.has("channel") ? body.path("channel").asText() : "",
                body.path("language").asText(""),
                VconText.segments(body.path("text").asText(""))));
      } else if ("objections".equals(type)) {
        for (JsonNode hit : body.path("objections")) {
          timeline.add(moment(hit, duration, span));
        }
      }
      analyses.add(
          new Entry(
              type,
              String.join(
                      " ", analysis.path("vendor").asText(""), analysis.path("product").asText(""))
                  .strip(),
              json(body)));
    }
    List<Entry> attachments = new ArrayList<>();
    for (JsonNode attachment : shown.path("attachments")) {
      attachments.add(
          new Entry(
              attachment.path("purpose").asText(attachment.path("type").asText("")),
              attachment.path("mediatype").asText(""),
              json(attachment.path("body"))));
    }
    Ledger ledger = new Ledger(store);
    List<LedgerRow> rows = new ArrayList<>();
    for (JsonNode record : ledger.records(furthest.id())) {
      rows.add(
          new LedgerRow(
              record.path("seq").asLong(),
              record.path("stage").asText(""),
              record.path("function").asText("") + " " + record.path("function_version").asText(""),
              record.path("purpose").asText(""),
              record.path("lawful_basis").asText(""),
              record.path("outcome").asText("written"),
              record.path("at").asText("")));
    }
    return new ConversationView(
        ConversationCatalog.summarise(furthest, shown),
        parties,
        dialogs,
        transcripts,
        timeline,
        analyses,
        attachments,
        rows,
        !rows.isEmpty() && ledger.verifyChain(furthest.id()));
  }

  /** From the first dialog's start to the last one's: where a chat's messages sit in time. */
  private record Span(Instant first, Instant last) {
    static Span of(JsonNode dialogs) {
      Instant first = null;
      Instant last = null;
      for (JsonNode dialog : dialogs) {
        Instant at = instant(dialog.path("start").asText(""));
        if (at != null) {
          first = first == null || at.isBefore(first) ? at : first;
          last = last == null || at.isAfter(last) ? at : last;
        }
      }
      return new Span(first, last);
    }

    int percent(Instant at) {
      if (at == null || first == null || !last.isAfter(first)) {
        return -1;
      }
      double part =
          Duration.between(first, at).toMillis()
              / (double) Duration.between(first, last).toMillis();
      return (int) Math.max(0, Math.min(100, Math.round(100 * part)));
    }
  }

  private static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Moment moment(JsonNode hit, double duration, Span span) {
    boolean timed = hit.has("start");
    double start = hit.path("start").asDouble(0);
    int percent =
        timed
            ? (duration > 0 ? (int) Math.min(100, Math.round(100 * start / duration)) : -1)
            : span.percent(instant(hit.path("at").asText("")));
    return new Moment(
        "objection",
        hit.path("type").asText(""),
        timed ? VconText.clock(start) : hit.path("at").asText(""),
        percent,
        hit.path("dialog").asInt(0),
        hit.path("text").asText(""));
  }

  private static boolean sameMedia(JsonNode a, JsonNode b) {
    return Objects.equals(a.path("url").asText(null), b.path("url").asText(null))
        && Objects.equals(a.path("content_hash"), b.path("content_hash"))
        && Objects.equals(a.path("body").asText(null), b.path("body").asText(null));
  }

  private static String json(JsonNode body) {
    if (body.isMissingNode()) {
      return "";
    }
    String text = body.isTextual() ? body.asText() : VconJson.codec().writePretty(body);
    return text.length() > MAX_SHOWN_JSON ? text.substring(0, MAX_SHOWN_JSON) + "\n…" : text;
  }
}
