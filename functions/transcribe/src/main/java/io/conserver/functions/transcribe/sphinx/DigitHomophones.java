package io.conserver.functions.transcribe.sphinx;

import io.conserver.functions.transcribe.engine.Transcript.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts back digit words the language model turned into their homophones inside a spoken digit
 * string ("four one one one to to to to" → "... two two two two"), so a card or phone number reads
 * as the digits that were said and a redactor finds it. Only runs of at least {@value #MIN_RUN}
 * consecutive digit-or-homophone words are touched, so "five to seven days" and "thanks for one
 * thing" keep their words. Digits stay words: the engine never writes numerals.
 */
final class DigitHomophones {
  static final int MIN_RUN = 4;

  private static final Set<String> DIGITS =
      Set.of("zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
  private static final Map<String, String> HOMOPHONES =
      Map.of("to", "two", "too", "two", "for", "four", "won", "one", "ate", "eight");

  private DigitHomophones() {}

  static List<Word> restore(List<Word> words) {
    List<Word> out = new ArrayList<>(words);
    int i = 0;
    while (i < out.size()) {
      if (!isDigitLike(out.get(i).text())) {
        i++;
        continue;
      }
      int end = i;
      while (end < out.size() && isDigitLike(out.get(end).text())) {
        end++;
      }
      if (end - i >= MIN_RUN) {
        for (int k = i; k < end; k++) {
          Word w = out.get(k);
          String digit = HOMOPHONES.get(w.text());
          if (digit != null) {
            out.set(k, new Word(digit, w.start(), w.end(), w.confidence(), w.speaker()));
          }
        }
      }
      i = end;
    }
    return out;
  }

  private static boolean isDigitLike(String word) {
    return DIGITS.contains(word) || HOMOPHONES.containsKey(word);
  }
}
