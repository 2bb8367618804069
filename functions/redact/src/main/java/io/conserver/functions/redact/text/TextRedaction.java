package io.conserver.functions.redact.text;

import io.conserver.functions.redact.detect.Detection;
import io.conserver.functions.redact.detect.DetectionContext;
import io.conserver.functions.redact.detect.Detectors;
import io.conserver.functions.redact.detect.TokenText;
import java.util.List;

/** Free text with every detected span replaced by its typed placeholder ({@code [CARD]}). */
public record TextRedaction(String text, List<Detection> spans) {
  /**
   * @return the redacted text and the spans found, in the original text's character offsets
   */
  public static TextRedaction of(String original, Detectors detectors, DetectionContext context) {
    List<Detection> spans = detectors.scan(TokenText.of(original), context);
    if (spans.isEmpty()) {
      return new TextRedaction(original, spans);
    }
    StringBuilder out = new StringBuilder(original.length());
    int last = 0;
    for (Detection span : spans) {
      out.append(original, last, span.start()).append(span.placeholder());
      last = span.end();
    }
    out.append(original.substring(last));
    return new TextRedaction(out.toString(), spans);
  }

  public boolean changed() {
    return !spans.isEmpty();
  }
}
