package io.conserver.functions.analyze.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Splits written text into sentences: objections and sentiment are judged a sentence at a time. */
public final class Sentences {
  private static final Pattern BOUNDARY = Pattern.compile("(?<=[.!?])\\s+(?=\\S)|\\n+");

  private Sentences() {}

  public static List<String> of(String text) {
    List<String> sentences = new ArrayList<>();
    for (String part : BOUNDARY.split(text.strip())) {
      if (!part.isBlank()) {
        sentences.add(part.strip());
      }
    }
    return sentences;
  }
}
