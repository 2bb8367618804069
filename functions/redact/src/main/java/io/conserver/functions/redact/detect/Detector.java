package io.conserver.functions.redact.detect;

import java.util.List;

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
}
