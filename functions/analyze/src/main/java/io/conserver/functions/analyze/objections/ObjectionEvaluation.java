package io.conserver.functions.analyze.objections;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Precision, recall and F1 of the objection detector on a labelled set: detection (objection or
 * not), how often the type of a found objection is right, and per type (a hit of the wrong type
 * counts against both types).
 *
 * <p>{@code functions/analyze/evaluate-objections [-v] [FILE]} runs it on the held-out part v5
 * (default, once committed; then the former held-out parts, now training data) or any {@code
 * label<TAB>text} file; {@code --train} retrains the classifier ({@link ObjectionTraining}).
 */
public final class ObjectionEvaluation {
  private static final String SETS =
      "functions/analyze/src/test/resources/io/conserver/functions/analyze/objections/";

  /** The held-out part no tuning has seen, once it is committed. */
  static final String HELD_OUT = SETS + "heldout-v5.tsv";

  /** The former held-out parts, training data since session 4: their figures are fits. */
  static final List<String> TRAINED_ON =
      List.of(SETS + "heldout-v4.tsv", SETS + "heldout-v3.tsv", SETS + "heldout-v2.tsv");

  /** Counts of one run. */
  public record Scores(int truePositives, int falsePositives, int falseNegatives, int typeRight) {
    public double precision() {
      int found = truePositives + falsePositives;
      return found == 0 ? 0 : (double) truePositives / found;
    }

    public double recall() {
      int actual = truePositives + falseNegatives;
      return actual == 0 ? 0 : (double) truePositives / actual;
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double typeAccuracy() {
      return truePositives == 0 ? 0 : (double) typeRight / truePositives;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "precision %.3f  recall %.3f  F1 %.3f  (tp %d, fp %d, fn %d)  type right %.3f",
          precision(),
          recall(),
          f1(),
          truePositives,
          falsePositives,
          falseNegatives,
          typeAccuracy());
    }
  }

  /** Detection scores and, per type, scores where only the right type counts as found. */
  public record Report(Scores detection, Map<ObjectionType, Scores> perType) {
    @Override
    public String toString() {
      StringBuilder out = new StringBuilder("detection  ").append(detection);
      perType.forEach(
          (type, s) ->
              out.append(
                  String.format(
                      Locale.ROOT,
                      "%n  %-10s precision %.3f  recall %.3f  F1 %.3f  (tp %d, fp %d, fn %d)",
                      type.label(),
                      s.precision(),
                      s.recall(),
                      s.f1(),
                      s.truePositives(),
                      s.falsePositives(),
                      s.falseNegatives())));
      return out.toString();
    }
  }

  private ObjectionEvaluation() {}

  public static Report evaluate(ObjectionDetector detector, List<LabelledUtterance> set) {
    List<Optional<ObjectionDetector.Verdict>> verdicts = new ArrayList<>();
    for (LabelledUtterance row : set) {
      verdicts.add(detector.judge(row.text()));
    }
    return report(set, verdicts);
  }

  static Report report(
      List<LabelledUtterance> set, List<Optional<ObjectionDetector.Verdict>> verdicts) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int typeRight = 0;
    Map<ObjectionType, int[]> counts = new EnumMap<>(ObjectionType.class);
    for (ObjectionType type : ObjectionType.values()) {
      counts.put(type, new int[3]);
    }
    for (int i = 0; i < set.size(); i++) {
      Optional<ObjectionType> truth = set.get(i).type();
      Optional<ObjectionType> found = verdicts.get(i).map(ObjectionDetector.Verdict::type);
      if (found.isPresent() && truth.isPresent()) {
        tp++;
        typeRight += found.equals(truth) ? 1 : 0;
      } else if (found.isPresent()) {
        fp++;
      } else if (truth.isPresent()) {
        fn++;
      }
      if (found.isPresent() && found.equals(truth)) {
        counts.get(found.get())[0]++;
      } else {
        found.ifPresent(t -> counts.get(t)[1]++);
        truth.ifPresent(t -> counts.get(t)[2]++);
      }
    }
    Map<ObjectionType, Scores> perType = new EnumMap<>(ObjectionType.class);
    counts.forEach((type, c) -> perType.put(type, new Scores(c[0], c[1], c[2], c[0])));
    return new Report(new Scores(tp, fp, fn, typeRight), perType);
  }

  static void printMisses(
      List<LabelledUtterance> set, List<Optional<ObjectionDetector.Verdict>> verdicts) {
    for (int i = 0; i < set.size(); i++) {
      LabelledUtterance row = set.get(i);
      Optional<ObjectionDetector.Verdict> verdict = verdicts.get(i);
      if (verdict.map(v -> v.type()).orElse(null) != row.type().orElse(null)) {
        System.out.println(
            row.type().map(ObjectionType::label).orElse("none")
                + " -> "
                + verdict.map(v -> v.type().label() + " " + v.score()).orElse("none")
                + "\t"
                + row.text());
      }
    }
  }

  public static void main(String[] args) throws IOException {
    if (List.of(args).contains("--train")) {
      ObjectionTraining.main(args);
      return;
    }
    ObjectionDetector detector = ObjectionDetector.offline();
    List<String> files = List.of(args).stream().filter(a -> !a.startsWith("-")).toList();
    boolean verbose = List.of(args).contains("-v");
    if (!files.isEmpty()) {
      for (String file : files) {
        evaluateFile(detector, file, verbose);
      }
      return;
    }
    if (Files.exists(Path.of(HELD_OUT))) {
      evaluateFile(detector, HELD_OUT, verbose);
    } else {
      System.out.println(HELD_OUT + ": not committed yet, no held-out figure");
    }
    System.out.println(
        "\nthe sets below are training data (a fit, not a held-out figure; leave-one-set-out"
            + " figures: evaluate-objections --train):");
    for (String file : TRAINED_ON) {
      evaluateFile(detector, file, false);
    }
  }

  private static void evaluateFile(ObjectionDetector detector, String file, boolean verbose)
      throws IOException {
    List<LabelledUtterance> set;
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      set = LabelledUtterance.read(in);
    }
    List<Optional<ObjectionDetector.Verdict>> verdicts = new ArrayList<>();
    for (LabelledUtterance row : set) {
      verdicts.add(detector.judge(row.text()));
    }
    if (verbose) {
      printMisses(set, verdicts);
    }
    System.out.println(file + " (" + set.size() + "):\n" + report(set, verdicts));
  }
}
