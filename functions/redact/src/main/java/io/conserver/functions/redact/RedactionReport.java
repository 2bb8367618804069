package io.conserver.functions.redact;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.redact.detect.Detection;
import io.conserver.functions.redact.text.WordsRedaction;
import io.conserver.vcon.Analysis;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code redaction-report} analysis entry: what was redacted where, by type and position
 * (object index, character or word offsets, time ranges), never the values themselves.
 */
final class RedactionReport {
  static final String TYPE = "redaction-report";
  static final String SCHEMA = "conserver-redaction-report/1";

  private final Map<String, Integer> counts = new TreeMap<>();
  private final ArrayNode positions = JsonNodeFactory.instance.arrayNode();
  private final ArrayNode audio = JsonNodeFactory.instance.arrayNode();
  private final ArrayNode removed = JsonNodeFactory.instance.arrayNode();
  private final ArrayNode parties = JsonNodeFactory.instance.arrayNode();

  /** Spans of a text member: {@code where} names it ({@code {"dialog": 2, "field": "body"}}). */
  void text(ObjectNode where, List<Detection> spans) {
    for (Detection span : spans) {
      count(span.type());
      ObjectNode p = positions.addObject();
      p.put("type", span.type());
      p.setAll(where.deepCopy());
      p.putArray("chars").add(span.start()).add(span.end());
    }
  }

  /** Spans of a transcript's words. */
  void words(int analysis, int dialog, int channel, List<WordsRedaction.Span> spans) {
    for (WordsRedaction.Span span : spans) {
      count(span.type());
      ObjectNode p = positions.addObject();
      p.put("type", span.type());
      p.put("analysis", analysis);
      p.put("field", "body/words");
      p.put("dialog", dialog);
      if (channel >= 0) {
        p.put("channel", channel);
      }
      p.putArray("words").add(span.firstWord()).add(span.endWord());
      if (span.start() >= 0 && span.end() >= 0) {
        p.putArray("time").add(seconds(span.start())).add(seconds(span.end()));
      }
    }
  }

  void audio(int dialog, int ranges, double maskedSeconds, String fill, int marginMs) {
    ObjectNode a = audio.addObject();
    a.put("dialog", dialog);
    a.put("ranges", ranges);
    a.put("range_seconds", seconds(maskedSeconds)); // sum of the ranges, overlaps counted twice
    a.put("fill", fill);
    a.put("margin_ms", marginMs);
  }

  /** Content that could not be checked and was left out of the redacted copy. */
  void removed(String member, int index, String reason) {
    ObjectNode r = removed.addObject();
    r.put(member, index);
    r.put("reason", reason);
  }

  void partyMasked(int party, List<String> members) {
    ObjectNode p = parties.addObject();
    p.put("party", party);
    members.forEach(p.putArray("members")::add);
  }

  private void count(String type) {
    counts.merge(type, 1, Integer::sum);
  }

  int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  Map<String, Integer> counts() {
    return Map.copyOf(counts);
  }

  Analysis toAnalysis(List<String> detectors, String partyPolicy) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    detectors.forEach(body.putArray("detectors")::add);
    ObjectNode c = body.putObject("counts");
    counts.forEach(c::put);
    body.put("total", total());
    body.set("positions", positions);
    body.set("audio", audio);
    body.set("removed", removed);
    ObjectNode p = body.putObject("parties");
    p.put("identifiers", partyPolicy);
    p.set("masked", parties);
    return Analysis.builder(TYPE, "conserver")
        .product("conserver-redact")
        .schema(SCHEMA)
        .inlineJson(body)
        .mediatype("application/json")
        .build();
  }

  private static BigDecimal seconds(double value) {
    return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP);
  }
}
