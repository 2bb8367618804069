package io.conserver.platform.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How long a stage waits for an asynchronous job it started (a cloud transcription job) before it
 * gives up: the stage option {@code "give_up_after"}, an ISO-8601 duration ({@code "PT6H"}). Past
 * it, a job still running is treated as one that will never complete, and its input is quarantined
 * with that reason. Checked when a declaration is read, so a typo never reaches a running stage.
 */
public final class JobGiveUp {
  public static final String OPTION = "give_up_after";
  public static final Duration DEFAULT = Duration.ofHours(6);

  /** Above the sweep's period and its one-minute wait, so a job is polled before it is given up. */
  static final Duration MIN = Duration.ofMinutes(10);

  /** Amazon Transcribe keeps a job's record 90 days; nobody waits that long for a transcript. */
  static final Duration MAX = Duration.ofDays(30);

  private final Duration after;

  private JobGiveUp(Duration after) {
    this.after = after;
  }

  /** The stage's give-up age: its option, or {@link #DEFAULT}. */
  public static JobGiveUp of(JsonNode options) {
    JsonNode value = options == null ? null : options.get(OPTION);
    return new JobGiveUp(
        value == null || value.isNull()
            ? DEFAULT
            : parse(value).orElseThrow(() -> new IllegalArgumentException(problemText())));
  }

  public Duration after() {
    return after;
  }

  /** Whether a job started at {@code startedAt} is past the give-up age at {@code now}. */
  public boolean expired(Instant startedAt, Instant now) {
    return !startedAt.plus(after).isAfter(now);
  }

  /** The parser's check of the option's value: empty when it is absent or valid. */
  static Optional<String> problem(JsonNode value) {
    return value == null || parse(value).isPresent()
        ? Optional.empty()
        : Optional.of(problemText());
  }

  private static Optional<Duration> parse(JsonNode value) {
    if (!value.isTextual()) {
      return Optional.empty();
    }
    try {
      Duration after = Duration.parse(value.textValue());
      return after.compareTo(MIN) < 0 || after.compareTo(MAX) > 0
          ? Optional.empty()
          : Optional.of(after);
    } catch (DateTimeParseException notADuration) {
      return Optional.empty();
    }
  }

  private static String problemText() {
    return "must be an ISO-8601 duration from PT10M to P30D (e.g. \"PT6H\"; default "
        + DEFAULT
        + ")";
  }
}
