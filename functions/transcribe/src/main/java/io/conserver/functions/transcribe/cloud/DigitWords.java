package io.conserver.functions.transcribe.cloud;

import io.conserver.functions.transcribe.engine.Transcript;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps numbers as spoken words, as the transcript contract requires: cloud engines format digit
 * strings ("4111", "555-0100") even when asked not to, and the redactor finds card and phone
 * numbers as sequences of digit words. A token made only of digits (with inner hyphens, and
 * trailing punctuation) becomes one word per digit, its time split evenly between them; any other
 * token ("3rd", "$5", "2.5") is left as the engine wrote it.
 */
public final class DigitWords {
  private static final Pattern DIGITS = Pattern.compile("([0-9](?:-?[0-9])*)([.,;:!?]?)");
  private static final String[] NAMES = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"
  };

  private DigitWords() {}

  public static Transcript spell(Transcript transcript) {
    List<Transcript.Word> words = new ArrayList<>();
    for (Transcript.Word word : transcript.words()) {
      List<String> digits = digitsOf(word.text());
      if (digits.isEmpty()) {
        words.add(word);
        continue;
      }
      double step = (word.end() - word.start()) / digits.size();
      for (int i = 0; i < digits.size(); i++) {
        double start = word.start() + i * step;
        double end = i == digits.size() - 1 ? word.end() : start + step;
        words.add(
            new Transcript.Word(digits.get(i), start, end, word.confidence(), word.speaker()));
      }
    }
    return new Transcript(
        spellText(transcript.text()), transcript.language(), words, transcript.confidence());
  }

  static String spellText(String text) {
    String[] tokens = text.split(" ", -1);
    for (int i = 0; i < tokens.length; i++) {
      Matcher m = DIGITS.matcher(tokens[i]);
      if (m.matches()) {
        tokens[i] = String.join(" ", digitsOf(m.group(1))) + m.group(2);
      }
    }
    return String.join(" ", tokens);
  }

  /** The digit words of a digit token, or an empty list when the token is not one. */
  private static List<String> digitsOf(String token) {
    Matcher m = DIGITS.matcher(token);
    if (!m.matches()) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (char c : m.group(1).toCharArray()) {
      if (c != '-') {
        names.add(NAMES[c - '0']);
      }
    }
    return names;
  }
}
