package io.conserver.functions.analyze.objections;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The classifier's hand-made signals and its training, without the embedding model. */
class ObjectionSignalsTest {
  @Test
  void negatedObjection_isToldApart_andVetoesTheCue() {
    assertThat(ObjectionCues.negated("It isn't too much, we can cover it.")).isTrue();
    assertThat(ObjectionCues.negated("Cost isn't really an issue for us.")).isTrue();
    assertThat(ObjectionCues.negated("I don't need to ask anyone.")).isTrue();
    assertThat(ObjectionCues.negated("It's way too expensive.")).isFalse();
    assertThat(ObjectionCues.matches("It's not too expensive at all.")).isEmpty();
    assertThat(ObjectionCues.matches("It's way too expensive."))
        .containsExactly(ObjectionType.PRICE);
  }

  @Test
  void question_isFoundWithOrWithoutItsQuestionMark() {
    assertThat(ObjectionCues.question("Does the price include tax?")).isTrue();
    assertThat(ObjectionCues.question("so uh how much is the premium plan")).isTrue();
    assertThat(ObjectionCues.question("That's too much for us.")).isFalse();
  }

  @Test
  void fillersAreDropped_butAFillerAloneStays() {
    assertThat(ObjectionFeatures.withoutFillers("um yeah uh that's, hmm, a lot"))
        .isEqualTo("yeah that's, a lot");
    assertThat(ObjectionFeatures.withoutFillers("Mm.")).isEqualTo("Mm.");
    assertThat(ObjectionFeatures.withoutFillers("I'd like the umbrella plan"))
        .isEqualTo("I'd like the umbrella plan");
  }

  @Test
  void softmax_learnsSeparableClasses_andTrainsTheSameTwice() {
    double[][] x = {{1, 0}, {0.9, 0.1}, {0, 1}, {0.1, 0.9}, {-1, -1}, {-0.9, -1}};
    int[] y = {0, 0, 1, 1, 2, 2};
    SoftmaxClassifier a = SoftmaxClassifier.train(x, y, 3, 1e-3);
    SoftmaxClassifier b = SoftmaxClassifier.train(x, y, 3, 1e-3);
    for (int i = 0; i < x.length; i++) {
      double[] p = a.probabilities(x[i]);
      assertThat(p[y[i]]).as("example %d", i).isGreaterThan(0.8);
      assertThat(p).containsExactly(b.probabilities(x[i]));
    }
  }

  @Test
  void decision_needsTheThreshold_andNamesTheLikeliestType() {
    double[] p = {0.3, 0.1, 0.4, 0.05, 0.05, 0.05, 0.05};
    assertThat(ObjectionModel.decide(p, 0.35))
        .contains(new ObjectionDetector.Verdict(ObjectionType.TIMING, 0.7));
    assertThat(ObjectionModel.decide(p, 0.75)).isEmpty();
  }
}
