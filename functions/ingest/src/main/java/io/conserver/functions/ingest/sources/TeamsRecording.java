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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Microsoft Graph change notification for a Teams meeting recording (a {@code callRecording}
 * created under {@code communications/onlineMeetings/getAllRecordings}, as the {@code teams}
 * webhook stores it, without its {@code clientState}) becomes a vCon, once ingest has added the
 * Graph resources it names ({@link io.conserver.functions.ingest.vendor.TeamsGraph}):
 *
 * <ul>
 *   <li>{@code recording}: the callRecording
 *       (https://learn.microsoft.com/en-us/graph/api/resources/callrecording): the dialog's start
 *       ({@code createdDateTime}) and end, its {@code recordingContentUrl};
 *   <li>{@code meeting}: the onlineMeeting
 *       (https://learn.microsoft.com/en-us/graph/api/resources/onlinemeeting): subject and
 *       participants, the organizer first, each a party with {@code name} and {@code mailto} (the
 *       UPN).
 * </ul>
 *
 * One video dialog (MP4) by reference, without content until the fetch hashes it: a {@code
 * pending_media} attachment keeps the content url. Graph ids (meeting, recording, call, users,
 * subscription, tenant) go in a {@code source} attachment; the meeting's join url does not (it
 * admits anyone holding it).
 */
public final class TeamsRecording implements SourceFormat {
  public static final TeamsRecording FORMAT = new TeamsRecording();

  /** {@code communications/onlineMeetings('{id}')/recordings('{id}')}, or with slashes. */
  private static final Pattern RESOURCE =
      Pattern.compile(
          "/?communications/onlineMeetings(?:\\('([A-Za-z0-9_=+-]{1,512})'\\)|/([A-Za-z0-9_=+-]{1,512}))"
              + "/recordings(?:\\('([A-Za-z0-9_=+-]{1,512})'\\)|/([A-Za-z0-9_=+-]{1,512}))");

  /** The meeting and recording a notification names. */
  public record Resource(String meetingId, String recordingId) {}

  private TeamsRecording() {}

  @Override
  public String name() {
    return "teams-recording";
  }

  @Override
  public boolean recognises(JsonNode json) {
    return json.isObject()
        && json.has("subscriptionId")
        && json.has("changeType")
        && json.path("resource").isTextual()
        && json.path("resource").asText().contains("/recordings");
  }

  /** The meeting and recording ids of a notification's {@code resource}, if it names one. */
  public static Optional<Resource> resource(String resource) {
    Matcher m = RESOURCE.matcher(resource);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new Resource(
            m.group(1) != null ? m.group(1) : m.group(2),
            m.group(3) != null ? m.group(3) : m.group(4)));
  }

  @Override
  public Vcon convert(JsonNode notification, SourceContext context) throws InvalidInputException {
    List<String> problems = new ArrayList<>();
    Fields f = new Fields(problems);
    Optional<Resource> ids = resource(notification.path("resource").asText(""));
    if (ids.isEmpty()) {
      problems.add(
          "/resource: must name a meeting recording:"
              + " communications/onlineMeetings('{id}')/recordings('{id}')");
    }
    JsonNode recording = notification.path("recording");
    JsonNode meeting = notification.path("meeting");
    OffsetDateTime start = null;
    Optional<OffsetDateTime> end = Optional.empty();
    String contentUrl = "";
    if (!recording.isObject()) {
      problems.add(
          "/recording: required (ingest reads it from Microsoft Graph when"
              + " options.fetch_media.teams is set)");
    } else {
      start = f.requiredTime(recording, "createdDateTime", "/recording/createdDateTime");
      end = f.time(recording, "endDateTime", "/recording/endDateTime");
      contentUrl = f.required(recording, "recordingContentUrl", "/recording/recordingContentUrl");
      if (!contentUrl.isEmpty() && !contentUrl.startsWith("https://")) {
        problems.add("/recording/recordingContentUrl: must be an https url");
      }
    }
    if (!meeting.isMissingNode() && !meeting.isObject()) {
      problems.add("/meeting: must be an object");
    }
    JsonNode attendees = meeting.path("participants").path("attendees");
    if (!attendees.isMissingNode() && !attendees.isArray()) {
      problems.add("/meeting/participants/attendees: must be an array");
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          "Microsoft Teams recording notification is invalid: " + problems.get(0), problems);
    }

    Vcon.Builder vcon =
        Vcon.builder(context.id(), context.uploaded())
            .subject(Fields.text(meeting, "subject").orElse("Microsoft Teams meeting"));
    List<JsonNode> people = new ArrayList<>();
    JsonNode organizer = meeting.path("participants").path("organizer");
    if (organizer.isObject()) {
      people.add(organizer);
    }
    attendees.forEach(people::add);
    ArrayNode participantIds = JsonNodeFactory.instance.arrayNode();
    List<Integer> everyone = new ArrayList<>();
    for (JsonNode person : people) {
      Party.Builder party = Party.builder();
      JsonNode user = person.path("identity").path("user");
      Fields.text(user, "displayName").ifPresent(party::name);
      Fields.text(person, "upn").filter(u -> u.contains("@")).ifPresent(party::mailto);
      ObjectNode id = participantIds.addObject().put("party", everyone.size());
      Fields.text(person, "role").ifPresent(r -> id.put("role", r));
      Fields.text(user, "id").ifPresent(u -> id.put("userId", u));
      vcon.addParty(party.build());
      everyone.add(everyone.size());
    }
    OffsetDateTime from = start;
    Dialog.Builder dialog =
        Dialog.builder("recording")
            .start(from)
            .mediatype("video/x-mp4")
            .filename("teams-recording.mp4")
            .parties(everyone.toArray(Integer[]::new));
    end.ifPresent(e -> dialog.duration(Duration.between(from, e).toMillis() / 1000.0));
    vcon.addDialog(dialog.build());
    vcon.addAttachment(PendingMedia.of(0, name(), "url", contentUrl, context.uploaded()));

    ObjectNode source = JsonNodeFactory.instance.objectNode().put("format", name());
    source.put("meetingId", ids.get().meetingId());
    source.put("recordingId", ids.get().recordingId());
    for (String member : List.of("callId", "contentCorrelationId")) {
      Fields.text(recording, member).ifPresent(v -> source.put(member, v));
    }
    for (String member : List.of("subscriptionId", "tenantId", "changeType")) {
      Fields.text(notification, member).ifPresent(v -> source.put(member, v));
    }
    Fields.text(recording.path("meetingOrganizer").path("user"), "id")
        .ifPresent(v -> source.put("organizerUserId", v));
    source.set("participants", participantIds);
    Attachment.Builder a = Attachment.builder("source").start(start).dialog(0).inlineJson(source);
    if (!everyone.isEmpty()) {
      a.party(0);
    }
    vcon.addAttachment(a.build());
    return vcon.build();
  }
}
