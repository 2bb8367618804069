package io.conserver.functions.analyze.sentiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.analyze.conversation.Conversation;
import io.conserver.functions.analyze.conversation.Utterance;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sentiment per speaker: the mean lexicon score of the party's utterances, and how many were
 * positive (> 0.2) or negative (< -0.2). Body: docs/schemas/sentiment.schema.json.
 */
public final class SpeakerSentiment {
  static final double POLAR = 0.2;

  private SpeakerSentiment() {}

  public static ObjectNode body(Conversation conversation) {
    Map<Integer, double[]> byParty = new TreeMap<>(); // sum, count, positive, negative
    for (Utterance utterance : conversation.utterances()) {
      double score = SentimentLexicon.score(utterance.text());
      double[] tally = byParty.computeIfAbsent(utterance.party(), p -> new double[4]);
      tally[0] += score;
      tally[1]++;
      tally[2] += score > POLAR ? 1 : 0;
      tally[3] += score < -POLAR ? 1 : 0;
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("method", "lexicon");
    ArrayNode parties = body.putArray("parties");
    byParty.forEach(
        (party, tally) -> {
          ObjectNode entry = parties.addObject();
          entry.put("party", party);
          entry.put("role", conversation.customers().contains(party) ? "customer" : "other");
          entry.put("score", Math.round(tally[0] / tally[1] * 1000) / 1000.0);
          entry.put("utterances", (int) tally[1]);
          entry.put("positive", (int) tally[2]);
          entry.put("negative", (int) tally[3]);
        });
    return body;
  }
}
