package io.conserver.functions.analyze.objections;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether one customer sentence objects to a sale, and to what: the sentence is compared
 * (cosine of sentence embeddings) with labelled exemplars of each objection type and of
 * non-objections; a cue phrase of a type adds {@code cueBonus} to that type; a settling wording
 * ("the price is fine") takes {@code resolvedPenalty} off. It is an objection when its best type
 * scores at least {@code threshold} and beats the nearest non-objection by {@code margin}.
 *
 * <p>The numbers ({@link Tuning#SHIPPED}) were chosen on the training part of the labelled set by
 * leave-one-out (each exemplar judged against the others; {@code evaluate-objections --tune}),
 * never on the held-out part.
 */
public final class ObjectionDetector {
  private static final String EXEMPLARS = "exemplars.tsv";

  private final SentenceEmbedder embedder;
  private final List<LabelledUtterance> exemplars;
  private final List<float[]> vectors;
  private final List<Set<ObjectionType>> exemplarCues;
  private final List<Boolean> exemplarResolves;
  private final Tuning tuning;

  /** A verdict: the type and a score in [0, 1]. */
  public record Verdict(ObjectionType type, double score) {}

  /** The detector's numbers. */
  public record Tuning(double cueBonus, double resolvedPenalty, double threshold, double margin) {
    public static final Tuning SHIPPED = new Tuning(0.15, 0.15, 0.375, 0.0);
  }

  public ObjectionDetector(SentenceEmbedder embedder, List<LabelledUtterance> exemplars) {
    this(embedder, exemplars, Tuning.SHIPPED);
  }

  ObjectionDetector(SentenceEmbedder embedder, List<LabelledUtterance> exemplars, Tuning tuning) {
    this.embedder = embedder;
    this.tuning = tuning;
    this.exemplars = List.copyOf(exemplars);
    this.vectors = new ArrayList<>();
    this.exemplarCues = new ArrayList<>();
    this.exemplarResolves = new ArrayList<>();
    for (LabelledUtterance exemplar : exemplars) {
      vectors.add(embedder.embed(exemplar.text()));
      exemplarCues.add(ObjectionCues.matches(exemplar.text()));
      exemplarResolves.add(ObjectionCues.resolves(exemplar.text()));
    }
  }

  /** The shipped detector: the offline model and the exemplars inside this jar. */
  public static ObjectionDetector offline() {
    return Shared.INSTANCE;
  }

  private static final class Shared {
    static final ObjectionDetector INSTANCE =
        new ObjectionDetector(MiniLmEmbedder.shared(), shippedExemplars());
  }

  public static List<LabelledUtterance> shippedExemplars() {
    try (InputStream in = ObjectionDetector.class.getResourceAsStream(EXEMPLARS)) {
      if (in == null) {
        throw new IllegalStateException(EXEMPLARS + " is missing from the jar");
      }
      return LabelledUtterance.read(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public Optional<Verdict> judge(String sentence) {
    return judge(sentence, -1);
  }

  /** Leave-one-out: judges exemplar {@code skip}'s text against the other exemplars. */
  Optional<Verdict> judgeExemplar(int skip) {
    return judge(exemplars.get(skip).text(), skip);
  }

  int exemplarCount() {
    return exemplars.size();
  }

  LabelledUtterance exemplar(int index) {
    return exemplars.get(index);
  }

  /** The same exemplars and vectors with other numbers (for tuning on the training part). */
  ObjectionDetector with(Tuning other) {
    return new ObjectionDetector(this, other);
  }

  private ObjectionDetector(ObjectionDetector base, Tuning tuning) {
    this.embedder = base.embedder;
    this.exemplars = base.exemplars;
    this.vectors = base.vectors;
    this.exemplarCues = base.exemplarCues;
    this.exemplarResolves = base.exemplarResolves;
    this.tuning = tuning;
  }

  private Optional<Verdict> judge(String sentence, int skip) {
    float[] vector = skip >= 0 ? vectors.get(skip) : embedder.embed(sentence);
    double[] best = new double[ObjectionType.values().length];
    java.util.Arrays.fill(best, -1);
    double none = -1;
    for (int i = 0; i < exemplars.size(); i++) {
      if (i == skip) {
        continue;
      }
      double similarity = SentenceEmbedder.cosine(vector, vectors.get(i));
      Optional<ObjectionType> type = exemplars.get(i).type();
      if (type.isEmpty()) {
        none = Math.max(none, similarity);
      } else {
        int t = type.get().ordinal();
        best[t] = Math.max(best[t], similarity);
      }
    }
    Set<ObjectionType> cues = skip >= 0 ? exemplarCues.get(skip) : ObjectionCues.matches(sentence);
    // A settling wording, or a plain question with no cue ("how much is it?"), is rarely an
    // objection.
    boolean plainQuestion = cues.isEmpty() && sentence.strip().endsWith("?");
    double penalty =
        (skip >= 0 ? exemplarResolves.get(skip) : ObjectionCues.resolves(sentence)) || plainQuestion
            ? tuning.resolvedPenalty()
            : 0;
    ObjectionType winner = null;
    double top = Double.NEGATIVE_INFINITY;
    for (ObjectionType type : ObjectionType.values()) {
      double score = best[type.ordinal()] + (cues.contains(type) ? tuning.cueBonus() : 0) - penalty;
      if (score > top) {
        top = score;
        winner = type;
      }
    }
    if (winner == null || top < tuning.threshold() || top - none < tuning.margin()) {
      return Optional.empty();
    }
    return Optional.of(new Verdict(winner, Math.min(1, Math.round(top * 1000) / 1000.0)));
  }
}
