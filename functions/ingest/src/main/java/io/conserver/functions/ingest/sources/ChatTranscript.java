package io.conserver.functions.ingest.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.vcon.Attachment;
import io.conserver.vcon.Party;
import io.conserver.vcon.Vcon;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A web-chat transcript in Conserver's generic chat shape becomes a vCon with one text dialog per
 * message:
 *
 * <pre>{@code
 * {"id": "chat-123", "subject": "...",
 *  "participants": [{"id": "c1", "name": "Ann", "email": "ann@example.net", "phone": "+1...", "role": "customer"}],
 *  "messages": [{"from": "c1", "at": "2026-11-21T09:30:00Z", "text": "Hello"}]}
 * }</pre>
 */
public final class ChatTranscript {
  private ChatTranscript() {}

  /** Whether a JSON document has the generic chat shape. */
  public static boolean recognises(JsonNode json) {
    return json.isObject()
        && json.path("messages").isArray()
        && json.path("participants").isArray();
  }

  public static Vcon convert(JsonNode chat, UUID id, OffsetDateTime uploaded)
      throws InvalidInputException {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> partyIndex = new HashMap<>();
    Vcon.Builder vcon = Vcon.builder(id, uploaded).subject(chat.path("subject").asText("Web chat"));
    JsonNode participants = chat.get("participants");
    for (int i = 0; i < participants.size(); i++) {
      JsonNode p = participants.get(i);
      String participantId = p.path("id").asText("");
      if (participantId.isEmpty() || partyIndex.containsKey(participantId)) {
        problems.add("/participants/" + i + "/id: must be present and unique");
        continue;
      }
      partyIndex.put(participantId, partyIndex.size());
      Party.Builder party = Party.builder();
      text(p, "name").ifPresent(party::name);
      text(p, "email").ifPresent(party::mailto);
      text(p, "phone").ifPresent(party::tel);
      text(p, "role").ifPresent(party::type);
      vcon.addParty(party.build());
    }
    JsonNode messages = chat.get("messages");
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      Integer sender = partyIndex.get(m.path("from").asText(""));
      if (sender == null) {
        problems.add("/messages/" + i + "/from: names no participant");
        continue;
      }
      OffsetDateTime at;
      try {
        at = OffsetDateTime.parse(m.path("at").asText(""));
      } catch (DateTimeParseException e) {
        problems.add("/messages/" + i + "/at: must be an RFC 3339 date-time");
        continue;
      }
      vcon.addDialog(
          TextMessage.dialog(at, sender, partyIndex.values(), m.path("text").asText("")));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException("chat transcript is invalid: " + problems.get(0), problems);
    }
    ObjectNode source = JsonNodeFactory.instance.objectNode();
    source.put("format", "conserver.chat");
    text(chat, "id").ifPresent(chatId -> source.put("id", chatId));
    vcon.addAttachment(
        Attachment.builder("source").start(uploaded).party(0).dialog(0).inlineJson(source).build());
    return vcon.build();
  }

  private static java.util.Optional<String> text(JsonNode node, String member) {
    JsonNode value = node.get(member);
    return value != null && value.isTextual() && !value.textValue().isBlank()
        ? java.util.Optional.of(value.textValue())
        : java.util.Optional.empty();
  }
}
