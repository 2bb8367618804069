package io.conserver.functions.redact.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.redact.detect.Detection;
import io.conserver.functions.redact.detect.DetectionContext;
import io.conserver.functions.redact.detect.Detectors;
import io.conserver.functions.redact.detect.TokenText;
import java.util.ArrayList;
import java.util.List;

/**
 * A transcript's {@code words} array redacted in place: each word inside a detected span becomes
 * the span's placeholder and keeps its own {@code start}/{@code end} (and every other member), so
 * the array keeps its length and its timings, and the audio can be masked from them.
 */
public final class WordsRedaction {
  /** One redacted span: its type, word indexes (end exclusive) and time range in seconds. */
  public record Span(String type, int firstWord, int endWord, double start, double end) {}

  private WordsRedaction() {}

  /** Redacts the words array (modified in place); returns the spans, in order. */
  public static List<Span> redact(ArrayNode words, Detectors detectors, DetectionContext context) {
    List<String> texts = new ArrayList<>();
    words.forEach(w -> texts.add(w.path("word").asText("")));
    TokenText text = TokenText.ofWords(texts);
    List<Span> spans = new ArrayList<>();
    for (Detection detection : detectors.scan(text, context)) {
      List<Integer> covered = text.tokensIn(detection.start(), detection.end());
      if (covered.isEmpty()) {
        continue;
      }
      int first = covered.get(0);
      int last = covered.get(covered.size() - 1);
      double start = Double.POSITIVE_INFINITY;
      double end = Double.NEGATIVE_INFINITY;
      for (int i = first; i <= last; i++) {
        JsonNode word = words.get(i);
        if (word instanceof ObjectNode object) {
          object.put("word", detection.placeholder());
        }
        if (word.path("start").isNumber()) {
          start = Math.min(start, word.path("start").asDouble());
        }
        if (word.path("end").isNumber()) {
          end = Math.max(end, word.path("end").asDouble());
        }
      }
      spans.add(
          new Span(
              detection.type(),
              first,
              last + 1,
              Double.isInfinite(start) ? -1 : start,
              Double.isInfinite(end) ? -1 : end));
    }
    return spans;
  }
}
