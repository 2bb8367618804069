package io.conserver.functions.analyze.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.analyze.conversation.Conversation;

/** The conversation-metrics body (docs/schemas/conversation-metrics.schema.json). */
public final class MetricsBody {
  private MetricsBody() {}

  public static ObjectNode of(Conversation conversation) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode dialogs = body.putArray("dialogs");
    conversation
        .timedDialogs()
        .forEach(
            (index, timed) -> {
              TalkMetrics.DialogTalk talk = TalkMetrics.of(index, timed);
              ObjectNode dialog = dialogs.addObject();
              dialog.put("dialog", index);
              dialog.put("duration", talk.duration());
              dialog.put("silence", talk.silenceSeconds());
              dialog.put("overlap", talk.overlapSeconds());
              ArrayNode parties = dialog.putArray("parties");
              for (TalkMetrics.PartyTalk party : talk.parties()) {
                ObjectNode entry = parties.addObject();
                entry.put("party", party.party());
                entry.put("talk", party.talkSeconds());
                entry.put(
                    "talk_share",
                    talk.duration() == 0
                        ? 0
                        : Math.round(party.talkSeconds() / talk.duration() * 1000) / 1000.0);
                entry.put("interruptions", party.interruptions());
              }
            });
    return body;
  }
}
