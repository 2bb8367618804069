package io.conserver.functions.transcribe.quality;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Word error rate: (substitutions + deletions + insertions) / reference words, by Levenshtein
 * alignment over lower-cased words (punctuation other than apostrophes removed). Used by the
 * accuracy test and the speech-set benchmark alike.
 */
public final class WordErrorRate {
  private WordErrorRate() {}

  /** Edit distance in words and the reference length, to sum over a set before dividing. */
  public record Errors(int edits, int referenceWords) {
    public Errors plus(Errors other) {
      return new Errors(edits + other.edits, referenceWords + other.referenceWords);
    }

    public double rate() {
      return referenceWords == 0 ? 0 : (double) edits / referenceWords;
    }
  }

  public static Errors of(String reference, String hypothesis) {
    List<String> ref = words(reference);
    List<String> hyp = words(hypothesis);
    int[] previous = new int[hyp.size() + 1];
    int[] current = new int[hyp.size() + 1];
    Arrays.setAll(previous, j -> j);
    for (int i = 1; i <= ref.size(); i++) {
      current[0] = i;
      for (int j = 1; j <= hyp.size(); j++) {
        int substitution = previous[j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return new Errors(previous[hyp.size()], ref.size());
  }

  static List<String> words(String text) {
    String cleaned = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9' ]", " ").strip();
    return cleaned.isEmpty() ? List.of() : List.of(cleaned.split("\\s+"));
  }
}
