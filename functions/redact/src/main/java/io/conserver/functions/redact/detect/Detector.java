package io.conserver.functions.redact.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds one kind of personal data in a text. Detectors are pure and stateless; a pipeline chooses
 * which apply by name ({@code options.detectors}).
 */
public interface Detector {
  /** The name a pipeline declaration uses: {@code card}, {@code phone}... */
  String name();

  /** The type written in placeholders and the report: {@code CARD}, {@code PHONE}... */
  String type();

  List<Detection> detect(TokenText text, DetectionContext context);

  /** Every match of a pattern in the text, as detections of a type. */
  static List<Detection> matches(Pattern pattern, TokenText text, String type) {
    List<Detection> found = new ArrayList<>();
    Matcher m = pattern.matcher(text.text());
    while (m.find()) {
      found.add(new Detection(type, m.start(), m.end()));
    }
    return found;
  }
}
