package io.conserver.vcon.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.VconForm;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.VconParseException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Validates a vCon against draft-ietf-vcon-vcon-core and reports every problem with a JSON pointer.
 *
 * <p>The unsigned form is checked member by member. For the signed and encrypted forms only the
 * JWS/JWE envelope is checked (and the report says so): verifying or decrypting is the crypto
 * package's job, which then validates the unsigned vCon it recovers.
 *
 * <p>Validation never throws, whatever the input: every problem, including an unreadable document,
 * becomes an issue in the report. Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * ValidationReport report = VconValidator.validate(bytes, ValidationMode.STRICT);
 * ValidationReport cc =
 *     VconValidator.supporting(Set.of("CC")).check(document, ValidationMode.LENIENT);
 * }</pre>
 */
public final class VconValidator {
  private static final VconValidator STANDARD = new VconValidator(Set.of());

  private final Set<String> supportedExtensions;

  private VconValidator(Set<String> supportedExtensions) {
    this.supportedExtensions = supportedExtensions;
  }

  /** A validator that supports no extension: any name in {@code critical} is an error. */
  public static VconValidator standard() {
    return STANDARD;
  }

  /**
   * A validator that accepts vCons whose {@code critical} list names only these extensions (for
   * example {@code "CC"} for the contact-center extension). Names are case sensitive.
   */
  public static VconValidator supporting(Collection<String> extensionNames) {
    return new VconValidator(Set.copyOf(extensionNames));
  }

  /** The extension names this validator accepts in {@code critical}. */
  public Set<String> supportedExtensions() {
    return supportedExtensions;
  }

  /** Validates with {@link #standard()} in {@code mode} (null means STRICT). */
  public static ValidationReport validate(JsonNode document, ValidationMode mode) {
    return STANDARD.check(document, mode);
  }

  /** Parses then validates with {@link #standard()}; a parse failure is one error. */
  public static ValidationReport validate(byte[] json, ValidationMode mode) {
    return STANDARD.check(json, mode);
  }

  /** Validates a parsed document in {@code mode} (null means STRICT). Never throws. */
  public ValidationReport check(JsonNode document, ValidationMode mode) {
    ValidationMode effective = mode == null ? ValidationMode.STRICT : mode;
    if (document == null || !document.isObject()) {
      return documentError(
          "type", "a vCon must be a JSON object, not " + Checker.describe(document));
    }
    ObjectNode object = (ObjectNode) document;
    VconForm form = VconForm.of(object);
    Checker checker = new Checker(effective, supportedExtensions, object);
    try {
      switch (form) {
        case UNSIGNED -> UnsignedRules.check(checker, object);
        case SIGNED -> JoseRules.signed(checker, object);
        case ENCRYPTED -> JoseRules.encrypted(checker, object);
      }
    } catch (RuntimeException bug) {
      // The promise is a report, never an exception: a bug here must not crash a pipeline stage.
      // The property tests assert that this code never appears.
      checker.error(
          Pointer.ROOT,
          "internal",
          "validation stopped early on an internal error (" + bug.getClass().getSimpleName() + ")");
    }
    return new ValidationReport(checker.issues(), form);
  }

  /**
   * Parses {@code json} with the lossless codec, then validates it. Empty, malformed, oversized or
   * too deeply nested input, and duplicate member names, give one {@code parse} error.
   */
  public ValidationReport check(byte[] json, ValidationMode mode) {
    Objects.requireNonNull(json, "json");
    JsonNode document;
    try {
      document = VconJson.codec().read(json);
    } catch (VconParseException e) {
      return documentError("parse", withoutQuotedText(e.getMessage()));
    }
    return check(document, mode);
  }

  private static ValidationReport documentError(String code, String message) {
    return new ValidationReport(
        List.of(ValidationIssue.error(ValidationIssue.DOCUMENT, code, message)), null);
  }

  // Parser messages may quote the offending token, which could be personal data: keep the
  // position and the kind of problem, drop the quote.
  private static String withoutQuotedText(String message) {
    int quote = message.indexOf('\'');
    if (quote < 0) {
      return message;
    }
    return message.substring(0, quote).replaceAll("[\\s:(]+$", "");
  }
}
