package io.conserver.platform.erase;

import java.util.Locale;

/** What an erase request does to each conversation of the party. */
public enum ErasePolicy {
  /** The default: every trace of the conversation goes (every copy, media, exports, drops). */
  ERASE,
  /**
   * Opt-in: the other parties' data stays; each copy is replaced by a redacted version without the
   * party (its identifiers, the dialogs it spoke or wrote, and every text that names it).
   */
  SCRUB;

  public static ErasePolicy parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown erase policy '" + name + "' (erase or scrub)");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
