package io.conserver.functions.analyze.objections;

import java.util.Locale;
import java.util.Optional;

/** The objection taxonomy: why a customer resists a sale. */
public enum ObjectionType {
  /** It costs too much, or more than the budget. */
  PRICE,
  /** Not now: later, next quarter, after something else. */
  TIMING,
  /** Someone else decides: a manager, a partner, procurement. */
  AUTHORITY,
  /** No need or no value: the current setup is enough. */
  NEED,
  /** Another provider is cheaper, better, or already in place. */
  COMPETITOR,
  /** Doubt about the seller: reputation, past experience, guarantees. */
  TRUST;

  /** The name used in analyses, options and route expressions ({@code price}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ObjectionType> ofLabel(String label) {
    for (ObjectionType type : values()) {
      if (type.label().equals(label)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
