package io.conserver.functions.analyze.objections;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Accuracy on the held-out parts of the labelled set (never used for training or tuning): a
 * regression guard a little below the measured level. Measured with the shipped classifier: v4 (98,
 * read once) F1 0.769, v3 (100, read twice) F1 0.819, v2 (70, an earlier author's) F1 0.872; the
 * issue's target, 0.85 on fresh data, is not reached. See the README for the history of the parts.
 */
class ObjectionAccuracyTest {
  @Test
  void freshHeldOutPartV4_detectionF1AtTheMeasuredLevel() {
    ObjectionEvaluation.Report report = evaluate("heldout-v4.tsv", 98);
    assertThat(report.detection().f1()).isGreaterThanOrEqualTo(0.74);
    assertThat(report.detection().recall()).isGreaterThanOrEqualTo(0.80);
    assertThat(report.detection().typeAccuracy()).isGreaterThanOrEqualTo(0.80);
  }

  @Test
  void heldOutPartV3_detectionF1AtTheMeasuredLevel() {
    ObjectionEvaluation.Report report = evaluate("heldout-v3.tsv", 100);
    assertThat(report.detection().f1()).isGreaterThanOrEqualTo(0.79);
    assertThat(report.detection().precision()).isGreaterThanOrEqualTo(0.74);
    assertThat(report.detection().typeAccuracy()).isGreaterThanOrEqualTo(0.85);
  }

  @Test
  void heldOutPartV2_detectionF1AtTheMeasuredLevel() {
    ObjectionEvaluation.Report report = evaluate("heldout-v2.tsv", 70);
    assertThat(report.detection().f1()).isGreaterThanOrEqualTo(0.84);
  }

  @Test
  void shippedClassifier_wasTrainedOnTheShippedExemplars() throws Exception {
    byte[] exemplars;
    try (InputStream in = ObjectionDetector.exemplarsStream()) {
      exemplars = in.readAllBytes();
    }
    assertThat(ObjectionDetector.offline().model().exemplarsSha256())
        .as("exemplars.tsv changed: retrain with functions/analyze/evaluate-objections --train")
        .isEqualTo(ObjectionTraining.sha256(exemplars));
  }

  private ObjectionEvaluation.Report evaluate(String resource, int size) {
    List<LabelledUtterance> set;
    try (InputStream in = getClass().getResourceAsStream(resource)) {
      set = LabelledUtterance.read(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(set).hasSize(size);
    return ObjectionEvaluation.evaluate(ObjectionDetector.offline(), set);
  }
}
