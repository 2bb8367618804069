package io.conserver.functions.analyze.objections;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the classifier sees of a sentence: the sentence embedding of its words without hesitation
 * fillers ("um", "uh"), and 0/1 signals the embedding is weak at: for {@link
 * Kind#EMBEDDING_AND_SIGNALS} three general ones (a settling wording, a negated objection, a
 * question), for {@link Kind#EMBEDDING_AND_CUES} also a cue phrase of each objection type.
 */
public final class ObjectionFeatures {
  /** Which features; the trained model names the kind it was trained with. */
  public enum Kind {
    EMBEDDING,
    EMBEDDING_AND_SIGNALS,
    EMBEDDING_AND_CUES;

    int extra() {
      return switch (this) {
        case EMBEDDING -> 0;
        case EMBEDDING_AND_SIGNALS -> 3;
        case EMBEDDING_AND_CUES -> ObjectionType.values().length + 3;
      };
    }

    static Optional<Kind> of(String name) {
      for (Kind kind : values()) {
        if (kind.name().toLowerCase(Locale.ROOT).equals(name)) {
          return Optional.of(kind);
        }
      }
      return Optional.empty();
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Pattern FILLERS =
      Pattern.compile("\\b(u+m+|u+h+m*|e+r+m*|h+m+|m+|a+h+)\\b[,.]?\\s*", Pattern.CASE_INSENSITIVE);

  private ObjectionFeatures() {}

  /** The sentence without hesitation fillers, so that they do not pull it towards small talk. */
  static String withoutFillers(String sentence) {
    String cleaned = FILLERS.matcher(sentence).replaceAll("").strip();
    return cleaned.isEmpty() ? sentence.strip() : cleaned;
  }

  /** The embedding part alone (what a training run computes once per exemplar). */
  static float[] embedding(SentenceEmbedder embedder, String sentence) {
    return embedder.embed(withoutFillers(sentence));
  }

  static double[] of(Kind kind, float[] embedding, String sentence) {
    double[] x = new double[embedding.length + kind.extra()];
    for (int i = 0; i < embedding.length; i++) {
      x[i] = embedding[i];
    }
    int at = embedding.length;
    if (kind == Kind.EMBEDDING_AND_CUES) {
      Set<ObjectionType> cues = ObjectionCues.matches(sentence);
      for (ObjectionType type : ObjectionType.values()) {
        x[at++] = cues.contains(type) ? 1 : 0;
      }
    }
    if (kind != Kind.EMBEDDING) {
      x[at++] = ObjectionCues.resolves(sentence) ? 1 : 0;
      x[at++] = ObjectionCues.negated(sentence) ? 1 : 0;
      x[at] = ObjectionCues.question(sentence) ? 1 : 0;
    }
    return x;
  }
}
