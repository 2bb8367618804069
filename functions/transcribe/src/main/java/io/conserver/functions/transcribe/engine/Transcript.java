package io.conserver.functions.transcribe.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An engine's result for one audio input: the text, its language (BCP 47, e.g. {@code en-US}), the
 * words with their times in seconds from the start of the dialog, and the length of the audio the
 * engine processed (seconds; metered as usage), when it says.
 */
public record Transcript(
    String text,
    String language,
    List<Word> words,
    Optional<Double> confidence,
    Optional<Double> duration) {
  public Transcript {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(language, "language");
    words = List.copyOf(words);
    Objects.requireNonNull(confidence, "confidence");
    Objects.requireNonNull(duration, "duration");
  }

  /** A transcript whose engine does not report the audio's length. */
  public Transcript(String text, String language, List<Word> words, Optional<Double> confidence) {
    this(text, language, words, confidence, Optional.empty());
  }

  /**
   * One recognised word. {@code speaker} is the engine's speaker or channel label (0-based), or -1
   * when the engine gives none; the stage maps it to a vCon party index.
   */
  public record Word(String text, double start, double end, double confidence, int speaker) {
    public Word {
      Objects.requireNonNull(text, "text");
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("word times must satisfy 0 <= start <= end");
      }
    }
  }
}
