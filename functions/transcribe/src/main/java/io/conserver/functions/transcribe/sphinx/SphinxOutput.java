package io.conserver.functions.transcribe.sphinx;

import io.conserver.functions.transcribe.engine.Transcript.Word;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code pocketsphinx_continuous -time yes} prints on stdout: for each utterance, the
 * hypothesis on one line, then one line per segment, {@code word start end posterior} with times in
 * seconds from the start of the stream. Fillers ({@code <s>}, {@code </s>}, {@code <sil>}, {@code
 * [NOISE]}, {@code ++UH++}) are dropped and alternate-pronunciation markers ({@code hello(2)})
 * removed; hypothesis lines are skipped, the words are the text.
 */
final class SphinxOutput {
  private static final Pattern SEGMENT =
      Pattern.compile("^(\\S+) (\\d+\\.\\d+) (\\d+\\.\\d+) ([0-9.eE+-]+)$");
  private static final Pattern ALTERNATE = Pattern.compile("\\(\\d+\\)$");

  private SphinxOutput() {}

  static List<Word> read(BufferedReader out) throws IOException {
    List<Word> words = new ArrayList<>();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      Matcher m = SEGMENT.matcher(line.strip());
      if (!m.matches() || isFiller(m.group(1))) {
        continue;
      }
      double start = Double.parseDouble(m.group(2));
      double end = Math.max(start, Double.parseDouble(m.group(3)));
      double confidence = clamp(Double.parseDouble(m.group(4)));
      String word = ALTERNATE.matcher(m.group(1)).replaceFirst("");
      words.add(new Word(word, start, end, confidence, -1));
    }
    return words;
  }

  private static boolean isFiller(String token) {
    char first = token.charAt(0);
    return first == '<' || first == '[' || first == '+';
  }

  private static double clamp(double posterior) {
    return Double.isNaN(posterior) ? 0 : Math.max(0, Math.min(1, posterior));
  }
}
