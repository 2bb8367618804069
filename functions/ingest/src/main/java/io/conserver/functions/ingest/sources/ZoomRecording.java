package io.conserver.functions.ingest.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.vcon.Attachment;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.Party;
import io.conserver.vcon.Vcon;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Zoom {@code recording.completed} webhook body becomes a vCon: the host as a party, one
 * recording dialog per video (MP4) or audio (M4A) file, each without content and with a {@code
 * pending_media} attachment holding its {@code download_url}. The webhook's {@code download_token}
 * is a bearer credential: it is never copied into the vCon (the fetch, streamed through the URL
 * guard, must take it from the webhook as it arrives). Other files (transcript, chat, timeline) are
 * listed in the {@code source} attachment with the meeting ids.
 */
public final class ZoomRecording implements SourceFormat {
  public static final ZoomRecording FORMAT = new ZoomRecording();

  private ZoomRecording() {}

  @Override
  public String name() {
    return "zoom-recording";
  }

  @Override
  public boolean recognises(JsonNode json) {
    return json.isObject()
        && json.path("event").asText("").equals("recording.completed")
        && json.path("payload").path("object").isObject();
  }

  @Override
  public Vcon convert(JsonNode webhook, SourceContext context) throws InvalidInputException {
    List<String> problems = new ArrayList<>();
    Fields f = new Fields(problems);
    JsonNode meeting = webhook.path("payload").path("object");
    String uuid = f.required(meeting, "uuid", "/payload/object/uuid");
    OffsetDateTime start = f.requiredTime(meeting, "start_time", "/payload/object/start_time");
    JsonNode files = meeting.path("recording_files");
    if (!files.isArray()) {
      problems.add("/payload/object/recording_files: required, an array");
    }
    List<JsonNode> media = new ArrayList<>();
    for (int i = 0; i < files.size() && files.isArray(); i++) {
      JsonNode file = files.get(i);
      String type = file.path("file_type").asText("");
      if (type.equals("MP4") || type.equals("M4A")) {
        String pointer = "/payload/object/recording_files/" + i;
        String url = f.required(file, "download_url", pointer + "/download_url");
        if (!url.isEmpty() && !url.startsWith("https://")) {
          problems.add(pointer + "/download_url: must be an https url");
        }
        f.requiredTime(file, "recording_start", pointer + "/recording_start");
        f.time(file, "recording_end", pointer + "/recording_end");
        media.add(file);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          "Zoom recording webhook is invalid: " + problems.get(0), problems);
    }

    Vcon.Builder vcon =
        Vcon.builder(context.id(), context.uploaded())
            .subject(Fields.text(meeting, "topic").orElse("Zoom meeting"));
    Optional<String> host = Fields.text(meeting, "host_email");
    host.ifPresent(email -> vcon.addParty(Party.builder().mailto(email).build()));
    for (int d = 0; d < media.size(); d++) {
      JsonNode file = media.get(d);
      OffsetDateTime from = OffsetDateTime.parse(file.get("recording_start").asText());
      boolean video = file.path("file_type").asText().equals("MP4");
      Dialog.Builder dialog =
          Dialog.builder("recording")
              .start(from)
              .mediatype(video ? "video/x-mp4" : "audio/x-mp4")
              .filename(Fields.text(file, "id").orElse("recording") + (video ? ".mp4" : ".m4a"));
      Fields.text(file, "recording_end")
          .map(OffsetDateTime::parse)
          .ifPresent(to -> dialog.duration(Duration.between(from, to).toMillis() / 1000.0));
      if (host.isPresent()) {
        dialog.parties(0);
      }
      vcon.addDialog(dialog.build());
      vcon.addAttachment(
          PendingMedia.of(d, name(), "url", file.get("download_url").asText(), context.uploaded()));
    }
    ObjectNode source = JsonNodeFactory.instance.objectNode().put("format", name());
    source.put("meeting_uuid", uuid);
    for (String member : List.of("id", "account_id", "host_id", "type", "duration")) {
      JsonNode value = meeting.get(member);
      if (value != null && value.isValueNode()) {
        source.set(member, value);
      }
    }
    ArrayNode listed = source.putArray("recording_files");
    for (JsonNode file : files) {
      ObjectNode entry = listed.addObject();
      for (String member : List.of("id", "file_type", "recording_type", "status")) {
        Fields.text(file, member).ifPresent(v -> entry.put(member, v));
      }
    }
    Attachment.Builder a = Attachment.builder("source").start(start).inlineJson(source);
    if (host.isPresent()) {
      a.party(0);
    }
    if (!media.isEmpty()) {
      a.dialog(0);
    }
    vcon.addAttachment(a.build());
    return vcon.build();
  }
}
