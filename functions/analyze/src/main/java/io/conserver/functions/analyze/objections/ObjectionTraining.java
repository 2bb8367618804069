package io.conserver.functions.analyze.objections;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Trains the shipped classifier ({@code functions/analyze/evaluate-objections --train}) on every
 * labelled set ({@link #SETS}): the exemplars, whose {@code # set: NAME} comments split them by
 * when and by whom they were written, and the former held-out parts v2, v3 and v4. The feature
 * kind, the L2 weight and the threshold are chosen by leave-one-set-out F1 (train on all sets but
 * one, test on that one, mean over the sets), which measures what matters here: how the model
 * carries over to sentences of another author and time. Sets in {@link #ALWAYS_TRAINED} were
 * written after all others had been read, so they are never a test set. The classifier is then
 * fitted on all sets and written to {@link ObjectionModel#RESOURCE}. Deterministic: the same sets
 * give the same file (up to the embedding runtime's float rounding).
 */
final class ObjectionTraining {
  private static final String TEST_SETS =
      "functions/analyze/src/test/resources/io/conserver/functions/analyze/objections/";

  /** The training files after the exemplars, read from the repository (not in the jar). */
  static final List<String> SETS = List.of("heldout-v2.tsv", "heldout-v3.tsv", "heldout-v4.tsv");

  static final Set<String> ALWAYS_TRAINED = Set.of("session4");
  private static final double[] L2 = {1e-4, 3e-4, 1e-3, 3e-3};
  private static final int FOLDS = 5;
  private static final String OUTPUT =
      "functions/analyze/src/main/resources/io/conserver/functions/analyze/objections/"
          + ObjectionModel.RESOURCE;

  /** One labelled utterance and the set it came from. */
  record Example(String set, LabelledUtterance row) {}

  private record Choice(
      ObjectionFeatures.Kind kind, double l2, double threshold, Map<String, Double> f1) {
    double mean() {
      return f1.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
  }

  private ObjectionTraining() {}

  public static void main(String[] args) throws IOException {
    byte[] exemplars;
    try (InputStream in = ObjectionDetector.exemplarsStream()) {
      exemplars = in.readAllBytes();
    }
    List<byte[]> others = new ArrayList<>();
    for (String set : SETS) {
      others.add(Files.readAllBytes(Path.of(TEST_SETS + set)));
    }
    List<Example> examples = examples(exemplars, others);
    System.err.println("embedding " + examples.size() + " labelled utterances...");
    List<float[]> embeddings = new ArrayList<>();
    for (Example example : examples) {
      embeddings.add(ObjectionFeatures.embedding(E5SmallEmbedder.shared(), example.row().text()));
    }
    List<LabelledUtterance> rows = examples.stream().map(Example::row).toList();
    int[] labels = rows.stream().mapToInt(ObjectionTraining::label).toArray();
    List<String> testSets =
        examples.stream()
            .map(Example::set)
            .distinct()
            .filter(s -> !ALWAYS_TRAINED.contains(s))
            .toList();
    Choice best = null;
    for (ObjectionFeatures.Kind kind : ObjectionFeatures.Kind.values()) {
      double[][] x = features(kind, rows, embeddings);
      Choice bestOfKind = null;
      for (double l2 : L2) {
        double[][] outOfSet = leaveOneSetOut(x, labels, examples, testSets, l2);
        for (int t = 25; t <= 75; t += 5) {
          Choice choice = score(kind, l2, t / 100.0, examples, testSets, outOfSet);
          // Ties go to the first tried: fewer signals, weaker weights, lower threshold.
          if (bestOfKind == null || choice.mean() > bestOfKind.mean() + 1e-9) {
            bestOfKind = choice;
          }
        }
      }
      System.out.println("leave-one-set-out, best of " + describe(bestOfKind));
      if (best == null || bestOfKind.mean() > best.mean() + 1e-9) {
        best = bestOfKind;
      }
    }
    double[][] chosen = features(best.kind(), rows, embeddings);
    double[][] cv = crossValidate(chosen, labels, best.l2());
    System.out.printf(
        Locale.ROOT,
        "5-fold cross-validation of the chosen settings on all %d: %s%n",
        rows.size(),
        ObjectionEvaluation.report(rows, decideAll(cv, best.threshold())).detection());
    if (List.of(args).contains("-v")) {
      double[][] outOfSet = leaveOneSetOut(chosen, labels, examples, testSets, best.l2());
      double threshold = best.threshold();
      List<Integer> tested = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        if (outOfSet[i] != null) {
          tested.add(i);
        }
      }
      ObjectionEvaluation.printMisses(
          tested.stream().map(rows::get).toList(),
          tested.stream().map(i -> ObjectionModel.decide(outOfSet[i], threshold)).toList());
    }
    SoftmaxClassifier fitted =
        SoftmaxClassifier.train(chosen, labels, ObjectionType.values().length + 1, best.l2());
    ObjectionModel model =
        new ObjectionModel(
            best.kind(), best.l2(), best.threshold(), sha256(exemplars, others), fitted);
    Path out =
        Path.of(List.of(args).stream().filter(a -> !a.startsWith("-")).findFirst().orElse(OUTPUT));
    Files.writeString(out, model.toJson() + "\n", StandardCharsets.UTF_8);
    System.out.println("chosen: " + describe(best) + "\nwrote " + out);
  }

  /** The exemplars (split by their {@code # set:} comments) and then each file of {@link #SETS}. */
  static List<Example> examples(byte[] exemplars, List<byte[]> others) {
    List<Example> examples = new ArrayList<>();
    String set = "exemplars";
    List<String> lines = new ArrayList<>();
    for (String line : new String(exemplars, StandardCharsets.UTF_8).split("\n", -1)) {
      if (line.startsWith("# set: ")) {
        add(examples, set, lines);
        set = line.substring("# set: ".length()).strip();
        lines.clear();
      } else {
        lines.add(line);
      }
    }
    add(examples, set, lines);
    for (int i = 0; i < SETS.size(); i++) {
      String name = SETS.get(i).replace("heldout-", "").replace(".tsv", "");
      for (LabelledUtterance row :
          LabelledUtterance.read(new ByteArrayInputStream(others.get(i)))) {
        examples.add(new Example(name, row));
      }
    }
    return examples;
  }

  private static void add(List<Example> examples, String set, List<String> lines) {
    byte[] text = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    for (LabelledUtterance row : LabelledUtterance.read(new ByteArrayInputStream(text))) {
      examples.add(new Example(set, row));
    }
  }

  static int label(LabelledUtterance row) {
    return row.type().map(t -> t.ordinal() + 1).orElse(0);
  }

  /** SHA-256 of the exemplars followed by the other training files. */
  static String sha256(byte[] exemplars, List<byte[]> others) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(exemplars);
    others.forEach(all::writeBytes);
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(all.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String describe(Choice choice) {
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "features %s, l2 %g, threshold %.2f: mean F1 %.3f",
                choice.kind().label(),
                choice.l2(),
                choice.threshold(),
                choice.mean()));
    choice.f1().forEach((set, f1) -> out.append(String.format(Locale.ROOT, ", %s %.3f", set, f1)));
    return out.toString();
  }

  private static Choice score(
      ObjectionFeatures.Kind kind,
      double l2,
      double threshold,
      List<Example> examples,
      List<String> testSets,
      double[][] outOfSet) {
    Map<String, Double> f1 = new LinkedHashMap<>();
    for (String set : testSets) {
      List<LabelledUtterance> rows = new ArrayList<>();
      List<Optional<ObjectionDetector.Verdict>> verdicts = new ArrayList<>();
      for (int i = 0; i < examples.size(); i++) {
        if (examples.get(i).set().equals(set)) {
          rows.add(examples.get(i).row());
          verdicts.add(ObjectionModel.decide(outOfSet[i], threshold));
        }
      }
      f1.put(set, ObjectionEvaluation.report(rows, verdicts).detection().f1());
    }
    return new Choice(kind, l2, threshold, f1);
  }

  private static double[][] features(
      ObjectionFeatures.Kind kind, List<LabelledUtterance> rows, List<float[]> embeddings) {
    double[][] x = new double[rows.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = ObjectionFeatures.of(kind, embeddings.get(i), rows.get(i).text());
    }
    return x;
  }

  /** Each example of a test set scored by a classifier trained on all the other sets. */
  private static double[][] leaveOneSetOut(
      double[][] x, int[] labels, List<Example> examples, List<String> testSets, double l2) {
    int[] fold = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      fold[i] = testSets.indexOf(examples.get(i).set());
    }
    return outOfFold(x, labels, fold, testSets.size(), l2);
  }

  /** The i-th example of each class goes to fold i mod 5: every fold has every class. */
  private static double[][] crossValidate(double[][] x, int[] labels, double l2) {
    int[] seen = new int[ObjectionType.values().length + 1];
    int[] fold = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      fold[i] = seen[labels[i]]++ % FOLDS;
    }
    return outOfFold(x, labels, fold, FOLDS, l2);
  }

  /**
   * Class probabilities of each example in a fold {@code >= 0} from a classifier that never saw it.
   */
  private static double[][] outOfFold(
      double[][] x, int[] labels, int[] fold, int folds, double l2) {
    double[][] out = new double[x.length][];
    for (int f = 0; f < folds; f++) {
      List<Integer> train = new ArrayList<>();
      for (int i = 0; i < x.length; i++) {
        if (fold[i] != f) {
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
        if (fold[i] == f) {
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
