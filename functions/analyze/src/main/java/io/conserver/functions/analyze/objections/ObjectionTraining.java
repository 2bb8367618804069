package io.conserver.functions.analyze.objections;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Trains the shipped classifier from the exemplars only ({@code
 * functions/analyze/evaluate-objections --train}): the feature kind, the L2 weight and the
 * threshold are chosen by stratified 5-fold cross-validation on the exemplars (detection F1 of the
 * out-of-fold verdicts), then the classifier is fitted on all exemplars and written to {@link
 * ObjectionModel#RESOURCE}. Deterministic: the same exemplars give the same file (up to the
 * embedding runtime's float rounding).
 */
final class ObjectionTraining {
  private static final int FOLDS = 5;
  private static final double[] L2 = {1e-4, 1e-3, 3e-3, 1e-2, 3e-2};
  private static final String OUTPUT =
      "functions/analyze/src/main/resources/io/conserver/functions/analyze/objections/"
          + ObjectionModel.RESOURCE;

  private record Choice(
      ObjectionFeatures.Kind kind, double l2, double threshold, ObjectionEvaluation.Report cv) {}

  private ObjectionTraining() {}

  public static void main(String[] args) throws IOException {
    byte[] file;
    try (InputStream in = ObjectionDetector.exemplarsStream()) {
      file = in.readAllBytes();
    }
    List<LabelledUtterance> exemplars = LabelledUtterance.read(new ByteArrayInputStream(file));
    System.err.println("embedding " + exemplars.size() + " exemplars...");
    List<float[]> embeddings = new ArrayList<>();
    for (LabelledUtterance row : exemplars) {
      embeddings.add(ObjectionFeatures.embedding(MiniLmEmbedder.shared(), row.text()));
    }
    int[] labels = exemplars.stream().mapToInt(ObjectionTraining::label).toArray();
    int[] folds = stratifiedFolds(labels);
    Choice best = null;
    for (ObjectionFeatures.Kind kind : ObjectionFeatures.Kind.values()) {
      double[][] x = features(kind, exemplars, embeddings);
      for (double l2 : L2) {
        double[][] outOfFold = crossValidate(x, labels, folds, l2);
        for (int t = 20; t <= 80; t += 5) {
          double threshold = t / 100.0;
          ObjectionEvaluation.Report cv =
              ObjectionEvaluation.report(exemplars, decideAll(outOfFold, threshold));
          // Ties go to the first tried: simpler features, weaker weights, lower threshold.
          if (best == null || cv.detection().f1() > best.cv().detection().f1() + 1e-9) {
            best = new Choice(kind, l2, threshold, cv);
          }
        }
        System.err.printf(
            Locale.ROOT,
            "cv %s l2=%g: best F1 so far %.3f%n",
            kind.label(),
            l2,
            best.cv().detection().f1());
      }
    }
    double[][] chosen = features(best.kind(), exemplars, embeddings);
    if (List.of(args).contains("-v")) {
      ObjectionEvaluation.printMisses(
          exemplars, decideAll(crossValidate(chosen, labels, folds, best.l2()), best.threshold()));
    }
    SoftmaxClassifier fitted =
        SoftmaxClassifier.train(chosen, labels, ObjectionType.values().length + 1, best.l2());
    ObjectionModel model =
        new ObjectionModel(best.kind(), best.l2(), best.threshold(), sha256(file), fitted);
    Path out =
        Path.of(List.of(args).stream().filter(a -> !a.startsWith("-")).findFirst().orElse(OUTPUT));
    Files.writeString(out, model.toJson() + "\n", StandardCharsets.UTF_8);
    System.out.printf(
        Locale.ROOT,
        "chosen by %d-fold cross-validation on %d exemplars: features %s, l2 %g, threshold %.2f%n%s%nwrote %s%n",
        FOLDS,
        exemplars.size(),
        best.kind().label(),
        best.l2(),
        best.threshold(),
        best.cv(),
        out);
  }

  static int label(LabelledUtterance row) {
    return row.type().map(t -> t.ordinal() + 1).orElse(0);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The i-th example of each class goes to fold i mod 5: every fold has every class. */
  private static int[] stratifiedFolds(int[] labels) {
    int[] seen = new int[ObjectionType.values().length + 1];
    int[] folds = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      folds[i] = seen[labels[i]]++ % FOLDS;
    }
    return folds;
  }

  private static double[][] features(
      ObjectionFeatures.Kind kind, List<LabelledUtterance> rows, List<float[]> embeddings) {
    double[][] x = new double[rows.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = ObjectionFeatures.of(kind, embeddings.get(i), rows.get(i).text());
    }
    return x;
  }

  /** Each example's class probabilities from a classifier that never saw it. */
  private static double[][] crossValidate(double[][] x, int[] labels, int[] folds, double l2) {
    double[][] out = new double[x.length][];
    for (int fold = 0; fold < FOLDS; fold++) {
      List<Integer> train = new ArrayList<>();
      for (int i = 0; i < x.length; i++) {
        if (folds[i] != fold) {
          train.add(i);
        }
      }
      double[][] tx = new double[train.size()][];
      int[] ty = new int[train.size()];
      for (int i = 0; i < tx.length; i++) {
        tx[i] = x[train.get(i)];
        ty[i] = labels[train.get(i)];
      }
      SoftmaxClassifier classifier =
          SoftmaxClassifier.train(tx, ty, ObjectionType.values().length + 1, l2);
      for (int i = 0; i < x.length; i++) {
        if (folds[i] == fold) {
          out[i] = classifier.probabilities(x[i]);
        }
      }
    }
    return out;
  }

  private static List<Optional<ObjectionDetector.Verdict>> decideAll(
      double[][] probabilities, double threshold) {
    List<Optional<ObjectionDetector.Verdict>> verdicts = new ArrayList<>();
    for (double[] p : probabilities) {
      verdicts.add(ObjectionModel.decide(p, threshold));
    }
    return verdicts;
  }
}
