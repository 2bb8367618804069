package io.conserver.functions.analyze.objections;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of the shipped settings on data they were not fitted on. All labelled sets are training
 * data since session 4, so the guard is the leave-one-set-out figure of the freshest former
 * held-out part, v4: the shipped features, L2 weight and threshold, trained on every other set,
 * tested on v4 (measured F1 0.869, type right 0.953; guards 0.03 below). Held-out v5, written blind
 * by another author and committed after the model was frozen, is the one set never trained on: its
 * first read gave F1 0.869 and type right 0.914, and its guard sits 0.03 below. See the README for
 * the history of the sets.
 */
class ObjectionAccuracyTest {
  private static final double GUARD_F1 = 0.84;
  private static final double GUARD_TYPE = 0.92;
  private static final double GUARD_V5_TYPE = 0.88;

  @Test
  void shippedDetector_findsObjectionsInTheBlindHeldOutSetV5AtTheMeasuredLevel() {
    List<LabelledUtterance> v5;
    try (InputStream in = ObjectionAccuracyTest.class.getResourceAsStream("heldout-v5.tsv")) {
      v5 = LabelledUtterance.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(v5).hasSize(200);

    ObjectionEvaluation.Report report =
        ObjectionEvaluation.evaluate(ObjectionDetector.offline(), v5);

    assertThat(report.detection().f1()).isGreaterThanOrEqualTo(GUARD_F1);
    assertThat(report.detection().typeAccuracy()).isGreaterThanOrEqualTo(GUARD_V5_TYPE);
  }

  @Test
  void shippedSettings_trainedWithoutV4_detectObjectionsInV4AtTheMeasuredLevel() {
    List<ObjectionTraining.Example> examples = ObjectionTraining.examples(exemplars(), others());
    ObjectionModel shipped = ObjectionDetector.offline().model();
    List<double[]> trainX = new ArrayList<>();
    List<Integer> trainY = new ArrayList<>();
    List<ObjectionTraining.Example> v4 = new ArrayList<>();
    for (ObjectionTraining.Example example : examples) {
      if (example.set().equals("v4")) {
        v4.add(example);
      } else {
        trainX.add(features(shipped, example.row().text()));
        trainY.add(ObjectionTraining.label(example.row()));
      }
    }
    SoftmaxClassifier classifier =
        SoftmaxClassifier.train(
            trainX.toArray(double[][]::new),
            trainY.stream().mapToInt(Integer::intValue).toArray(),
            ObjectionType.values().length + 1,
            shipped.l2());
    ObjectionModel withoutV4 =
        new ObjectionModel(
            shipped.kind(), shipped.l2(), shipped.threshold(), "without-v4", classifier);
    ObjectionDetector detector = new ObjectionDetector(E5SmallEmbedder.shared(), withoutV4);
    List<LabelledUtterance> set = v4.stream().map(ObjectionTraining.Example::row).toList();
    assertThat(set).hasSize(98);

    ObjectionEvaluation.Report report = ObjectionEvaluation.evaluate(detector, set);

    assertThat(report.detection().f1()).isGreaterThanOrEqualTo(GUARD_F1);
    assertThat(report.detection().typeAccuracy()).isGreaterThanOrEqualTo(GUARD_TYPE);
  }

  @Test
  void shippedClassifier_wasTrainedOnTheShippedSets() {
    assertThat(ObjectionDetector.offline().model().trainingSha256())
        .as("a training set changed: retrain with functions/analyze/evaluate-objections --train")
        .isEqualTo(ObjectionTraining.sha256(exemplars(), others()));
  }

  private static double[] features(ObjectionModel model, String text) {
    return ObjectionFeatures.of(
        model.kind(), ObjectionFeatures.embedding(E5SmallEmbedder.shared(), text), text);
  }

  private static byte[] exemplars() {
    try (InputStream in = ObjectionDetector.exemplarsStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<byte[]> others() {
    List<byte[]> others = new ArrayList<>();
    for (String set : ObjectionTraining.SETS) {
      try (InputStream in = ObjectionAccuracyTest.class.getResourceAsStream(set)) {
        others.add(in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return others;
  }
}
