package io.conserver.platform.runner;

import java.util.List;

/**
 * The input can never be processed (not a vCon, fails validation...): retrying would not help, so
 * the runner quarantines it at once. {@code details} are machine-readable reasons such as validator
 * errors ({@code "/dialog/0/url: must be https"}); they must not contain personal data.
 */
public final class InvalidInputException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<String> details;

  public InvalidInputException(String message, List<String> details) {
    super(message);
    this.details = List.copyOf(details);
  }

  public InvalidInputException(String message) {
    this(message, List.of());
  }

  public List<String> details() {
    return details;
  }
}
