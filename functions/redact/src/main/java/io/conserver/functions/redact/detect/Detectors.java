package io.conserver.functions.redact.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The detectors a stage runs, chosen by name, and the one scan that runs them over a text and
 * resolves overlaps: overlapping spans are merged into one (nothing either found is left in clear),
 * typed after the longer span, ties going to the detector listed first.
 */
public final class Detectors {
  private static final List<Detector> ALL =
      List.of(
          new CardDetector(),
          new IbanDetector(),
          new SsnDetector(),
          new PhoneDetector(),
          new EmailDetector(),
          new DateOfBirthDetector(),
          new AddressDetector(),
          new PartyNameDetector());

  private final List<Detector> detectors;

  private Detectors(List<Detector> detectors) {
    this.detectors = List.copyOf(detectors);
  }

  public static Detectors all() {
    return new Detectors(ALL);
  }

  /** Every detector name, in priority order. */
  public static List<String> names() {
    return ALL.stream().map(Detector::name).toList();
  }

  /**
   * The named detectors, in priority order.
   *
   * @throws IllegalArgumentException naming an unknown detector
   */
  public static Detectors named(List<String> names) {
    Map<String, Detector> byName = new LinkedHashMap<>();
    ALL.forEach(d -> byName.put(d.name(), d));
    for (String name : names) {
      if (!byName.containsKey(name)) {
        throw new IllegalArgumentException(
            "unknown detector '" + name + "' (known: " + String.join(", ", names()) + ")");
      }
    }
    return new Detectors(ALL.stream().filter(d -> names.contains(d.name())).toList());
  }

  public List<Detector> list() {
    return detectors;
  }

  /** Every span to redact in the text, sorted, never overlapping. */
  public List<Detection> scan(TokenText text, DetectionContext context) {
    List<Detection> found = new ArrayList<>();
    for (Detector detector : detectors) {
      found.addAll(detector.detect(text, context));
    }
    List<String> priority = detectors.stream().map(Detector::type).toList();
    found.sort(Comparator.comparingInt(Detection::start).thenComparingInt(d -> -d.end()));
    List<Detection> merged = new ArrayList<>();
    for (Detection next : found) {
      Detection last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last == null || !last.overlaps(next)) {
        merged.add(next);
        continue;
      }
      int lastLength = last.end() - last.start();
      int nextLength = next.end() - next.start();
      boolean nextWins =
          nextLength > lastLength
              || (nextLength == lastLength
                  && priority.indexOf(next.type()) < priority.indexOf(last.type()));
      merged.set(
          merged.size() - 1,
          new Detection(
              nextWins ? next.type() : last.type(),
              Math.min(last.start(), next.start()),
              Math.max(last.end(), next.end())));
    }
    return merged;
  }
}
