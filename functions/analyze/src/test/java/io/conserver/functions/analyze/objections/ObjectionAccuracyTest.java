package io.conserver.functions.analyze.objections;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Accuracy on the second held-out part of the labelled set (never used for tuning): a regression
 * guard at the measured level. Measured: F1 0.776 (precision 0.867, recall 0.703), type right 0.81;
 * the target is 0.85 — not reached, see the README for the history of both held-out parts.
 */
class ObjectionAccuracyTest {
  @Test
  void heldOutPartV2_detectionF1AtTheMeasuredLevel() throws Exception {
    List<LabelledUtterance> heldOut;
    try (InputStream in = getClass().getResourceAsStream("heldout-v2.tsv")) {
      heldOut = LabelledUtterance.read(in);
    }
    assertThat(heldOut).hasSize(70);
    ObjectionEvaluation.Scores scores =
        ObjectionEvaluation.evaluate(ObjectionDetector.offline(), heldOut);
    assertThat(scores.f1()).isGreaterThanOrEqualTo(0.75);
    assertThat(scores.precision()).isGreaterThanOrEqualTo(0.85);
    assertThat(scores.typeAccuracy()).isGreaterThanOrEqualTo(0.75);
  }

  @Test
  void trainingPart_leaveOneOut_isWhereTheNumbersWereChosen() {
    ObjectionEvaluation.Scores scores =
        ObjectionEvaluation.leaveOneOut(ObjectionDetector.offline());
    assertThat(scores.f1()).isGreaterThanOrEqualTo(0.85);
  }
}
