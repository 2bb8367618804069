package io.conserver.functions.analyze.objections;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Accuracy on the held-out part of the labelled set (never used for tuning): a regression guard at
 * the measured level. Measured: F1 0.805 (precision 0.775, recall 0.838), type right 0.968; the
 * issue's target is 0.85 — not reached yet, see the README.
 */
class ObjectionAccuracyTest {
  @Test
  void heldOutPart_detectionF1AtTheMeasuredLevel_andTypesMostlyRight() throws Exception {
    List<LabelledUtterance> heldOut;
    try (InputStream in = getClass().getResourceAsStream("heldout.tsv")) {
      heldOut = LabelledUtterance.read(in);
    }
    assertThat(heldOut).hasSize(68);
    ObjectionEvaluation.Scores scores =
        ObjectionEvaluation.evaluate(ObjectionDetector.offline(), heldOut);
    assertThat(scores.f1()).isGreaterThanOrEqualTo(0.80);
    assertThat(scores.typeAccuracy()).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void trainingPart_leaveOneOut_isWhereTheNumbersWereChosen() {
    ObjectionEvaluation.Scores scores =
        ObjectionEvaluation.leaveOneOut(ObjectionDetector.offline());
    assertThat(scores.f1()).isGreaterThanOrEqualTo(0.95);
  }
}
