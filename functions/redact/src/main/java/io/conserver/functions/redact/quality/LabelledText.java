package io.conserver.functions.redact.quality;

import io.conserver.functions.redact.detect.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One record of the evaluation set: the plain text, the party names, and the gold spans parsed from
 * the {@code [[TYPE:value]]} markup.
 */
public record LabelledText(
    String id, String kind, List<String> parties, String text, List<Detection> gold) {
  private static final Pattern MARK = Pattern.compile("\\[\\[([A-Z]+):(.*?)]]");

  public static LabelledText parse(String id, String kind, List<String> parties, String marked) {
    StringBuilder text = new StringBuilder();
    List<Detection> gold = new ArrayList<>();
    Matcher m = MARK.matcher(marked);
    int last = 0;
    while (m.find()) {
      text.append(marked, last, m.start());
      int start = text.length();
      text.append(m.group(2));
      gold.add(new Detection(m.group(1), start, text.length()));
      last = m.end();
    }
    text.append(marked.substring(last));
    return new LabelledText(id, kind, List.copyOf(parties), text.toString(), List.copyOf(gold));
  }
}
