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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Genesys Cloud analytics conversation detail record ({@code conversationId}, {@code
 * participants[].sessions[].segments[]}), optionally with the conversation's recording metadata
 * (the Recording API's list) under {@code "recordings"}, becomes a vCon:
 *
 * <ul>
 *   <li>one party per participant, {@code role} = its {@code purpose} (customer, agent, ivr, acd,
 *       ...); the customer's address from the session's {@code ani} (inbound) or {@code dnis};
 *   <li>one text dialog per message of a chat or messaging recording's transcript, its sender found
 *       by purpose;
 *   <li>a recorded voice session becomes a recording dialog without content (the audio stays at
 *       Genesys, behind its OAuth API), a {@code recording_metadata} attachment describes it and a
 *       {@code pending_media} attachment names it for the fetch ({@link MediaFetch}).
 * </ul>
 *
 * Ids (conversation, participants, users, queues, recordings) are kept in a {@code source}
 * attachment.
 */
public final class GenesysConversation implements SourceFormat {
  public static final GenesysConversation FORMAT = new GenesysConversation();

  private GenesysConversation() {}

  @Override
  public String name() {
    return "genesys-cloud-conversation";
  }

  @Override
  public boolean recognises(JsonNode json) {
    return json.isObject()
        && json.has("conversationId")
        && json.has("conversationStart")
        && json.path("participants").isArray();
  }

  @Override
  public Vcon convert(JsonNode detail, SourceContext context) throws InvalidInputException {
    List<String> problems = new ArrayList<>();
    Fields f = new Fields(problems);
    String conversationId = f.required(detail, "conversationId", "/conversationId");
    OffsetDateTime start = f.requiredTime(detail, "conversationStart", "/conversationStart");
    Optional<OffsetDateTime> end = f.time(detail, "conversationEnd", "/conversationEnd");
    JsonNode participants = detail.get("participants");
    for (int i = 0; i < participants.size(); i++) {
      JsonNode p = participants.get(i);
      if (!p.isObject()) {
        problems.add("/participants/" + i + ": must be an object");
      } else {
        f.required(p, "purpose", "/participants/" + i + "/purpose");
        if (p.has("sessions") && !p.get("sessions").isArray()) {
          problems.add("/participants/" + i + "/sessions: must be an array");
        }
      }
    }
    JsonNode recordings = detail.path("recordings");
    if (!recordings.isMissingNode() && !recordings.isArray()) {
      problems.add("/recordings: must be an array");
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          "Genesys Cloud conversation detail is invalid: " + problems.get(0), problems);
    }

    Vcon.Builder vcon =
        Vcon.builder(context.id(), context.uploaded()).subject("Genesys Cloud conversation");
    Map<String, Integer> byPurpose = new HashMap<>();
    ArrayNode ids = JsonNodeFactory.instance.arrayNode();
    boolean voice = false;
    for (int i = 0; i < participants.size(); i++) {
      JsonNode p = participants.get(i);
      String purpose = p.path("purpose").asText();
      byPurpose.putIfAbsent(purpose, i);
      vcon.addParty(party(p, purpose));
      ObjectNode id = ids.addObject().put("party", i);
      for (String member : List.of("participantId", "userId", "externalContactId")) {
        Fields.text(p, member).ifPresent(v -> id.put(member, v));
      }
      for (JsonNode s : p.path("sessions")) {
        voice |= s.path("mediaType").asText().equals("voice");
        Fields.text(s, "sessionId").ifPresent(v -> id.withArray("sessionIds").add(v));
      }
    }
    List<Integer> everyone = new ArrayList<>();
    for (int i = 0; i < participants.size(); i++) {
      everyone.add(i);
    }
    int dialogs = 0;
    List<Attachment> metadata = new ArrayList<>();
    for (int r = 0; r < recordings.size(); r++) {
      JsonNode recording = recordings.get(r);
      String media = recording.path("media").asText("");
      if (media.equals("audio")) {
        Dialog.Builder d =
            Dialog.builder("recording")
                .start(
                    f.time(recording, "startTime", "/recordings/" + r + "/startTime").orElse(start))
                .parties(everyone.toArray(Integer[]::new));
        end.ifPresent(e -> d.duration(Duration.between(start, e).toMillis() / 1000.0));
        vcon.addDialog(d.build());
        Optional<String> id = Fields.text(recording, "id");
        if (id.isPresent()) {
          // Fetched through the Recording API when options.fetch_media.genesys is set.
          metadata.add(PendingMedia.of(dialogs, name(), "recording", id.get(), context.uploaded()));
        }
        metadata.add(recordingMetadata(recording, dialogs++, start));
      } else {
        dialogs += messages(vcon, recording, r, byPurpose, everyone, f);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          "Genesys Cloud recording metadata is invalid: " + problems.get(0), problems);
    }
    metadata.forEach(vcon::addAttachment);
    if (participants.size() > 0) {
      vcon.addExtension("CC"); // every party has a CC role
    }
    ObjectNode source = JsonNodeFactory.instance.objectNode();
    source.put("format", name());
    source.put("conversationId", conversationId);
    Fields.text(detail, "originatingDirection")
        .ifPresent(d -> source.put("originatingDirection", d));
    source.put("voice", voice);
    source.set("participants", ids);
    Attachment.Builder a = Attachment.builder("source").start(start).inlineJson(source);
    if (participants.size() > 0) {
      a.party(0);
    }
    if (dialogs > 0) {
      a.dialog(0);
    }
    vcon.addAttachment(a.build());
    return vcon.build();
  }

  private static Party party(JsonNode p, String purpose) {
    Party.Builder party = Party.builder().type(purpose).set("role", purpose);
    Fields.text(p, "participantName").ifPresent(party::name);
    if (purpose.equals("customer") || purpose.equals("external")) {
      for (JsonNode s : p.path("sessions")) {
        boolean inbound = !s.path("direction").asText("inbound").equals("outbound");
        Optional<String> address = Fields.text(s, inbound ? "ani" : "dnis");
        if (address.isPresent() && address.get().startsWith("tel:")) {
          party.tel(address.get().substring(4));
          break;
        }
        if (address.isPresent() && address.get().startsWith("sip:")) {
          party.sip(address.get());
          break;
        }
      }
    }
    return party.build();
  }

  /**
   * Text dialogs from a chat ({@code transcript[]}: body, utc/timestamp, participantPurpose) or
   * messaging ({@code messagingTranscript[]}: messageText, timestamp, purpose) recording.
   */
  private static int messages(
      Vcon.Builder vcon,
      JsonNode recording,
      int r,
      Map<String, Integer> byPurpose,
      List<Integer> everyone,
      Fields f) {
    boolean chat = recording.path("transcript").isArray();
    String list = chat ? "transcript" : "messagingTranscript";
    JsonNode messages = recording.path(list);
    int added = 0;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String pointer = "/recordings/" + r + "/" + list + "/" + i;
      String purpose = m.path(chat ? "participantPurpose" : "purpose").asText("");
      Integer sender = byPurpose.get(purpose);
      if (sender == null) {
        f.problem(pointer + ": names no participant by purpose");
        continue;
      }
      String timeMember = m.has("utc") ? "utc" : "timestamp";
      OffsetDateTime at = f.requiredTime(m, timeMember, pointer + "/" + timeMember);
      if (at == null) {
        continue;
      }
      vcon.addDialog(
          TextMessage.dialog(
              at, sender, everyone, m.path(chat ? "body" : "messageText").asText("")));
      added++;
    }
    return added;
  }

  private static Attachment recordingMetadata(JsonNode recording, int dialog, OffsetDateTime at) {
    ObjectNode kept = JsonNodeFactory.instance.objectNode();
    for (String member :
        List.of(
            "id", "conversationId", "media", "startTime", "endTime", "fileState", "archiveDate")) {
      Fields.text(recording, member).ifPresent(v -> kept.put(member, v));
    }
    kept.put("status", "audio not present: held by Genesys Cloud, fetched through its API");
    return Attachment.builder("recording_metadata")
        .start(at)
        .dialog(dialog)
        .inlineJson(kept)
        .build();
  }
}
