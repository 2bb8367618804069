package io.conserver.functions.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.redact.detect.Detectors;
import io.conserver.media.audio.SpanMasker;
import io.conserver.platform.runner.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The redact stage's options, checked: a wrong one is a declaration error naming the option.
 *
 * @param detectors detector names ({@code options.detectors}, default all)
 * @param fill what replaces redacted audio ({@code options.audio}: tone or silence)
 * @param marginMs widening of each redacted audio range on both sides ({@code
 *     options.audio_margin_ms})
 * @param maskParties whether the parties' identifiers are masked ({@code
 *     options.party_identifiers}: mask or keep)
 * @param dropOriginal whether the earlier copies are deleted once the redacted one is written
 *     ({@code options.original}: keep or drop)
 */
record RedactOptions(
    List<String> detectors,
    SpanMasker.Fill fill,
    int marginMs,
    boolean maskParties,
    boolean dropOriginal) {
  static final int DEFAULT_MARGIN_MS = 150;
  private static final Set<String> KNOWN =
      Set.of(
          "detectors",
          "audio",
          "audio_margin_ms",
          "party_identifiers",
          "original",
          "keep_original");

  static RedactOptions of(ObjectNode options) throws InvalidInputException {
    List<String> problems = new ArrayList<>();
    options
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!KNOWN.contains(name)) {
                problems.add("options." + name + ": unknown option of the redact stage");
              }
            });
    List<String> detectors = Detectors.names();
    JsonNode d = options.get("detectors");
    if (d != null) {
      detectors = new ArrayList<>();
      if (!d.isArray() || d.isEmpty()) {
        problems.add("options.detectors: must be a non-empty array of " + Detectors.names());
      } else {
        for (JsonNode name : d) {
          if (!Detectors.names().contains(name.asText())) {
            problems.add(
                "options.detectors: unknown detector '"
                    + name.asText()
                    + "' (known: "
                    + String.join(", ", Detectors.names())
                    + ")");
          }
          detectors.add(name.asText());
        }
      }
    }
    String audio = text(options, "audio", "tone", Set.of("tone", "silence"), problems);
    int margin = DEFAULT_MARGIN_MS;
    JsonNode m = options.get("audio_margin_ms");
    if (m != null) {
      if (!m.isIntegralNumber() || m.asInt() < 0 || m.asInt() > 2000) {
        problems.add("options.audio_margin_ms: must be a whole number from 0 to 2000");
      } else {
        margin = m.asInt();
      }
    }
    String parties = text(options, "party_identifiers", "mask", Set.of("mask", "keep"), problems);
    String original = text(options, "original", "keep", Set.of("keep", "drop"), problems);
    JsonNode keepOriginal = options.get("keep_original"); // the form DESIGN.md's example uses
    if (keepOriginal != null) {
      if (!keepOriginal.isBoolean() || options.has("original")) {
        problems.add("options.keep_original: must be true or false, and not given with original");
      } else if (!keepOriginal.booleanValue()) {
        original = "drop";
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          "the redact stage's declaration has invalid options: " + String.join("; ", problems),
          problems);
    }
    return new RedactOptions(
        List.copyOf(detectors),
        audio.equals("silence") ? SpanMasker.Fill.SILENCE : SpanMasker.Fill.TONE,
        margin,
        parties.equals("mask"),
        original.equals("drop"));
  }

  private static String text(
      ObjectNode options,
      String name,
      String fallback,
      Set<String> allowed,
      List<String> problems) {
    JsonNode value = options.get(name);
    if (value == null) {
      return fallback;
    }
    if (!value.isTextual() || !allowed.contains(value.textValue())) {
      problems.add("options." + name + ": must be one of " + new java.util.TreeSet<>(allowed));
      return fallback;
    }
    return value.textValue();
  }
}
