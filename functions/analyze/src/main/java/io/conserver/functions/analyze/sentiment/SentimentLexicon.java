package io.conserver.functions.analyze.sentiment;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lexicon sentiment of one sentence, in [-1, 1]: each polar word counts +1 or -1 (a short list of
 * call-center words, written for this project), flipped by a negator within the three words before
 * it ("not happy"), doubled by an intensifier right before it ("really bad"); the sum is squashed
 * by {@code s / sqrt(s^2 + 4)}. Crude but transparent, offline and deterministic: it tells an angry
 * customer from a pleased one, not sarcasm.
 */
public final class SentimentLexicon {
  private static final Pattern WORD = Pattern.compile("[a-z']+");

  private static final Map<String, Integer> POLARITY =
      polarity(
          "good great excellent perfect happy glad pleased thanks thank appreciate helpful love"
              + " wonderful awesome amazing fantastic nice fine resolved fixed easy quick fast"
              + " recommend satisfied brilliant lovely smooth sure welcome",
          "bad terrible awful horrible worst angry upset frustrated frustrating annoyed annoying"
              + " disappointed disappointing ridiculous unacceptable useless slow broken wrong"
              + " problem problems issue issues complaint complain cancel cancelling canceling"
              + " expensive overcharged charged twice never waste hate rude confusing scam"
              + " nightmare late missing failed failing dropping worried");

  private static final Set<String> NEGATORS =
      Set.of(
          "not", "no", "never", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "won't",
          "can't", "cannot", "hardly", "nothing");
  private static final Set<String> INTENSIFIERS =
      Set.of("very", "really", "so", "extremely", "totally", "absolutely", "incredibly", "too");

  private SentimentLexicon() {}

  public static double score(String sentence) {
    Matcher matcher = WORD.matcher(sentence.toLowerCase(Locale.ROOT).replace('’', '\''));
    java.util.List<String> words = new java.util.ArrayList<>();
    while (matcher.find()) {
      words.add(matcher.group());
    }
    double sum = 0;
    for (int i = 0; i < words.size(); i++) {
      Integer polarity = POLARITY.get(words.get(i));
      if (polarity == null) {
        continue;
      }
      double value = polarity;
      if (i > 0 && INTENSIFIERS.contains(words.get(i - 1))) {
        value *= 2;
      }
      for (int j = Math.max(0, i - 3); j < i; j++) {
        if (NEGATORS.contains(words.get(j))) {
          value = -value;
          break;
        }
      }
      sum += value;
    }
    return sum / Math.sqrt(sum * sum + 4);
  }

  private static Map<String, Integer> polarity(String positive, String negative) {
    Map<String, Integer> map = new java.util.HashMap<>();
    for (String w : positive.split(" ")) {
      map.put(w, 1);
    }
    for (String w : negative.split(" ")) {
      map.put(w, -1);
    }
    return Map.copyOf(map);
  }
}
