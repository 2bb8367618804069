package io.conserver.functions.redact.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.redact.detect.Detection;
import io.conserver.functions.redact.detect.DetectionContext;
import io.conserver.functions.redact.detect.Detectors;
import io.conserver.functions.redact.detect.TokenText;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Precision and recall per type of the detectors on a labelled set. A gold span is found when a
 * detection of the same type overlaps it; a detection is correct when it overlaps a gold span of
 * its type. Spans are compared, not exact boundaries, because what matters is that the value is
 * gone and nothing else is.
 */
public final class Evaluation {
  /** Counts of one type. */
  public record Score(int goldSpans, int found, int detections, int correct) {
    public double recall() {
      return goldSpans == 0 ? 1 : (double) found / goldSpans;
    }

    public double precision() {
      return detections == 0 ? 1 : (double) correct / detections;
    }
  }

  /** A mistake, for tuning on the dev part (never printed for the held-out part by default). */
  public record Miss(String id, String kind, String what, String text) {}

  private final Map<String, int[]> counts = new TreeMap<>();
  private final List<Miss> misses = new ArrayList<>();

  public static List<LabelledText> read(Path jsonl) throws IOException {
    List<LabelledText> records = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = VconJson.codec().read(line);
      List<String> parties = new ArrayList<>();
      node.path("parties").forEach(p -> parties.add(p.asText()));
      records.add(
          LabelledText.parse(
              node.path("id").asText(),
              node.path("kind").asText(),
              parties,
              node.path("text").asText()));
    }
    return records;
  }

  public static Evaluation run(List<LabelledText> records, Detectors detectors) {
    Evaluation evaluation = new Evaluation();
    for (LabelledText record : records) {
      List<Detection> predicted =
          detectors.scan(TokenText.of(record.text()), new DetectionContext(record.parties()));
      evaluation.add(record, predicted);
    }
    return evaluation;
  }

  private void add(LabelledText record, List<Detection> predicted) {
    for (Detection gold : record.gold()) {
      int[] c = counts.computeIfAbsent(gold.type(), t -> new int[4]);
      c[0]++;
      if (predicted.stream().anyMatch(p -> p.type().equals(gold.type()) && p.overlaps(gold))) {
        c[1]++;
      } else {
        misses.add(new Miss(record.id(), record.kind(), "missed " + gold.type(), record.text()));
      }
    }
    for (Detection p : predicted) {
      int[] c = counts.computeIfAbsent(p.type(), t -> new int[4]);
      c[2]++;
      if (record.gold().stream().anyMatch(g -> g.type().equals(p.type()) && g.overlaps(p))) {
        c[3]++;
      } else {
        String span = record.text().substring(p.start(), p.end());
        misses.add(
            new Miss(record.id(), record.kind(), "false " + p.type() + ": " + span, record.text()));
      }
    }
  }

  public Map<String, Score> scores() {
    Map<String, Score> scores = new TreeMap<>();
    counts.forEach((type, c) -> scores.put(type, new Score(c[0], c[1], c[2], c[3])));
    return scores;
  }

  public List<Miss> misses() {
    return List.copyOf(misses);
  }

  /** A Markdown table: type, gold spans, recall, precision. */
  public String table() {
    StringBuilder out =
        new StringBuilder("| type | spans | recall | precision |\n|---|---|---|---|\n");
    scores()
        .forEach(
            (type, s) ->
                out.append(
                    String.format(
                        java.util.Locale.ROOT,
                        "| %s | %d | %.3f (%d/%d) | %.3f (%d/%d) |%n",
                        type,
                        s.goldSpans(),
                        s.recall(),
                        s.found(),
                        s.goldSpans(),
                        s.precision(),
                        s.correct(),
                        s.detections())));
    return out.toString();
  }
}
