package io.conserver.vcon.validation;

import java.util.Objects;

/**
 * One finding of the validator.
 *
 * @param severity whether the finding makes the vCon invalid
 * @param pointer where: an RFC 6901 JSON pointer into the validated document (for a missing member,
 *     the pointer it would have), or {@link #DOCUMENT} for the document as a whole; never empty
 * @param code a stable machine-readable code such as {@code required} or {@code ref.party}
 * @param message a short sentence for people; names members and expected forms, never echoes values
 */
public record ValidationIssue(Severity severity, String pointer, String code, String message) {

  /** The pointer of problems that concern the whole document (unparseable, not an object...). */
  public static final String DOCUMENT = "(document)";

  /** {@link #ERROR} makes a vCon invalid, {@link #WARNING} does not. */
  public enum Severity {
    ERROR,
    WARNING
  }

  public ValidationIssue {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    // "" is a valid pointer to the root, but people misread an empty field as "no location".
    if (!pointer.equals(DOCUMENT) && !pointer.startsWith("/")) {
      throw new IllegalArgumentException("pointer must be (document) or start with '/'");
    }
  }

  public static ValidationIssue error(String pointer, String code, String message) {
    return new ValidationIssue(Severity.ERROR, pointer, code, message);
  }

  public static ValidationIssue warning(String pointer, String code, String message) {
    return new ValidationIssue(Severity.WARNING, pointer, code, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    return severity + " " + pointer + " [" + code + "] " + message;
  }
}
