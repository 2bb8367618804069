package io.conserver.functions.analyze.objections;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether one customer sentence objects to a sale, and to what: the sentence's embedding
 * (e5-small-v2, fillers removed) and a few general signals go through a logistic-regression
 * classifier trained on the labelled sets ({@link ObjectionModel}, {@link ObjectionTraining}); the
 * features, the regularisation and the decision threshold were chosen by leave-one-set-out F1.
 */
public final class ObjectionDetector {
  static final String EXEMPLARS = "exemplars.tsv";

  private final SentenceEmbedder embedder;
  private final ObjectionModel model;

  /** A verdict: the type and the probability that the sentence is an objection. */
  public record Verdict(ObjectionType type, double score) {}

  public ObjectionDetector(SentenceEmbedder embedder, ObjectionModel model) {
    this.embedder = embedder;
    this.model = model;
  }

  /** The shipped detector: the offline model and the classifier inside this jar. */
  public static ObjectionDetector offline() {
    return Shared.INSTANCE;
  }

  private static final class Shared {
    static final ObjectionDetector INSTANCE =
        new ObjectionDetector(E5SmallEmbedder.shared(), ObjectionModel.shipped());
  }

  public static List<LabelledUtterance> shippedExemplars() {
    try (InputStream in = exemplarsStream()) {
      return LabelledUtterance.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InputStream exemplarsStream() {
    InputStream in = ObjectionDetector.class.getResourceAsStream(EXEMPLARS);
    if (in == null) {
      throw new IllegalStateException(EXEMPLARS + " is missing from the jar");
    }
    return in;
  }

  ObjectionModel model() {
    return model;
  }

  public Optional<Verdict> judge(String sentence) {
    return model.verdict(ObjectionFeatures.embedding(embedder, sentence), sentence);
  }
}
