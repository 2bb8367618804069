package io.conserver.functions.analyze.objections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The trained objection classifier as shipped ({@value #RESOURCE}, written by {@code
 * functions/analyze/evaluate-objections --train}): class 0 is "none", class {@code t + 1} is {@code
 * ObjectionType.values()[t]}. A sentence is an objection when the probability of not being "none"
 * reaches {@code threshold}; its type is the likeliest objection class.
 *
 * @param trainingSha256 SHA-256 of the training sets it was trained on, in {@link
 *     ObjectionTraining#SETS} order (a stale model is caught)
 */
public record ObjectionModel(
    ObjectionFeatures.Kind kind,
    double l2,
    double threshold,
    String trainingSha256,
    SoftmaxClassifier classifier) {
  static final String RESOURCE = "objection-classifier.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  static ObjectionModel shipped() {
    try (InputStream in = ObjectionModel.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      return read(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Optional<ObjectionDetector.Verdict> verdict(float[] embedding, String sentence) {
    return decide(
        classifier.probabilities(ObjectionFeatures.of(kind, embedding, sentence)), threshold);
  }

  static Optional<ObjectionDetector.Verdict> decide(double[] p, double threshold) {
    double objection = 1 - p[0];
    if (objection < threshold) {
      return Optional.empty();
    }
    int best = 1;
    for (int k = 2; k < p.length; k++) {
      if (p[k] > p[best]) {
        best = k;
      }
    }
    return Optional.of(
        new ObjectionDetector.Verdict(
            ObjectionType.values()[best - 1], Math.round(objection * 1000) / 1000.0));
  }

  static ObjectionModel read(JsonNode json) {
    if (!json.path("model").asText().equals(E5SmallEmbedder.MODEL)) {
      throw new IllegalStateException(RESOURCE + ": trained on another embedding model");
    }
    ObjectionFeatures.Kind kind =
        ObjectionFeatures.Kind.of(json.path("features").asText())
            .orElseThrow(() -> new IllegalStateException(RESOURCE + ": unknown features"));
    JsonNode rows = json.path("weights");
    double[][] weights = new double[rows.size()][];
    double[] bias = new double[rows.size()];
    for (int k = 0; k < rows.size(); k++) {
      bias[k] = json.path("bias").path(k).asDouble();
      weights[k] = new double[rows.get(k).size()];
      for (int j = 0; j < weights[k].length; j++) {
        weights[k][j] = rows.get(k).get(j).asDouble();
      }
    }
    if (rows.size() != ObjectionType.values().length + 1) {
      throw new IllegalStateException(RESOURCE + ": expected one class per type plus none");
    }
    return new ObjectionModel(
        kind,
        json.path("l2").asDouble(),
        json.path("threshold").asDouble(),
        json.path("training_sha256").asText(),
        new SoftmaxClassifier(weights, bias));
  }

  /** The JSON shipped in the jar; six significant digits are plenty for these weights. */
  String toJson() {
    ObjectNode json = JSON.createObjectNode();
    json.put("model", E5SmallEmbedder.MODEL);
    json.put("features", kind.label());
    json.put("l2", l2);
    json.put("threshold", threshold);
    json.put("training_sha256", trainingSha256);
    ArrayNode classes = json.putArray("classes").add("none");
    for (ObjectionType type : ObjectionType.values()) {
      classes.add(type.label());
    }
    ArrayNode bias = json.putArray("bias");
    for (double b : classifier.bias()) {
      bias.add(round(b));
    }
    ArrayNode weights = json.putArray("weights");
    for (double[] row : classifier.weights()) {
      ArrayNode out = weights.addArray();
      for (double w : row) {
        out.add(round(w));
      }
    }
    return json.toString();
  }

  private static double round(double value) {
    return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6g", value));
  }
}
