package io.conserver.functions.analyze.objections;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.analyze.conversation.Conversation;
import io.conserver.functions.analyze.conversation.Utterance;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every place a customer objected: each customer utterance judged by the detector. Agents' words
 * are never judged (an agent quoting a price objects to nothing), nor are words of an unknown
 * speaker. The body follows docs/schemas/objections.schema.json.
 */
public final class ObjectionFinder {
  public static final String METHOD = "logistic-regression:e5-small-v2-q+signals";

  private final ObjectionDetector detector;

  public ObjectionFinder(ObjectionDetector detector) {
    this.detector = detector;
  }

  public ObjectNode body(Conversation conversation) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("method", METHOD);
    ArrayNode customers = body.putArray("customer_parties");
    conversation.customers().stream().sorted().forEach(customers::add);
    ArrayNode hits = body.putArray("objections");
    Map<ObjectionType, Integer> counts = new EnumMap<>(ObjectionType.class);
    int judged = 0;
    for (Utterance utterance : conversation.utterances()) {
      if (!conversation.isCustomer(utterance)) {
        continue;
      }
      judged++;
      Optional<ObjectionDetector.Verdict> verdict = detector.judge(utterance.text());
      if (verdict.isEmpty()) {
        continue;
      }
      counts.merge(verdict.get().type(), 1, Integer::sum);
      ObjectNode hit = hits.addObject();
      hit.put("type", verdict.get().type().label());
      hit.put("score", verdict.get().score());
      hit.put("text", utterance.text());
      hit.put("party", utterance.party());
      hit.put("dialog", utterance.dialog());
      hit.put("source", utterance.source());
      utterance.start().ifPresent(s -> hit.put("start", s));
      utterance.end().ifPresent(e -> hit.put("end", e));
      utterance.at().ifPresent(a -> hit.put("at", a));
    }
    body.put("customer_utterances", judged);
    ObjectNode byType = body.putObject("counts");
    for (ObjectionType type : ObjectionType.values()) {
      byType.put(type.label(), counts.getOrDefault(type, 0));
    }
    return body;
  }
}
