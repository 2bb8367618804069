package io.conserver.vcon.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.vcon.VconForm;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The working group's published examples. None of the unsigned ones is valid STRICT: the call
 * examples have no {@code created_at} and the e-mail examples carry an empty {@code redacted}. All
 * of them pass LENIENT, except two files that are not finished vCons at all.
 */
class WgExamplesValidationTest {

  /** The STRICT errors of each unsigned example, as pointers. */
  private static final Map<String, List<String>> STRICT_ERRORS =
      Map.ofEntries(
          Map.entry("ab_call_ext_rec.vcon", List.of("/created_at")),
          Map.entry("ab_call_ext_rec_amended.vcon", List.of("/created_at")),
          Map.entry("ab_call_ext_rec_analysis.vcon", List.of("/created_at")),
          Map.entry("ab_call_ext_rec_decrypted_verified.vcon", List.of("/created_at")),
          Map.entry("ab_call_ext_rec_redacted.vcon", List.of("/created_at")),
          Map.entry("ab_call_ext_rec_with_redact.vcon", List.of("/created_at")),
          Map.entry("ab_call_int_rec.vcon", List.of("/created_at")),
          Map.entry("ab_email_acct_prob_thread.vcon", List.of("/redacted/type")),
          Map.entry("ab_email_prob_followup_alice.vcon", List.of("/redacted/type")),
          Map.entry("ab_email_prob_followup_bob_reply.vcon", List.of("/redacted/type")),
          Map.entry("ab_email_prob_followup_text_thread.vcon", List.of("/redacted/type")),
          Map.entry("b_email_acct_prob_image.vcon", List.of("/redacted/type")),
          // A party list the CLI builds before it adds the uuid, and a kramdown include test:
          // neither is a complete vCon, so even LENIENT rejects them for their missing uuid.
          Map.entry("ab.vcon", List.of("/uuid", "/created_at")),
          Map.entry("simple-vcon.vcon", List.of("/uuid", "/created_at")));

  private static final Set<String> NOT_COMPLETE_VCONS = Set.of("ab.vcon", "simple-vcon.vcon");

  private static final Map<String, VconForm> ENVELOPES =
      Map.of(
          "ab_call_ext_rec_signed.vcon", VconForm.SIGNED,
          "ab_call_ext_rec_decrypted.vcon", VconForm.SIGNED,
          "ab_call_ext_rec_encrypted.vcon", VconForm.ENCRYPTED);

  @Test
  void everyExampleIsClassified() {
    assertThat(exampleNames())
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(STRICT_ERRORS.keySet().stream(), ENVELOPES.keySet().stream()).toList());
  }

  static Stream<String> unsignedExamples() {
    return STRICT_ERRORS.keySet().stream().sorted();
  }

  static Stream<String> completeUnsignedExamples() {
    return unsignedExamples().filter(name -> !NOT_COMPLETE_VCONS.contains(name));
  }

  @ParameterizedTest
  @MethodSource("unsignedExamples")
  void strictMode_reportsExactlyTheKnownDeviationsFromTheDraft(String name) {
    ValidationReport report = VconValidator.validate(read(name), ValidationMode.STRICT);

    assertThat(report.form()).contains(VconForm.UNSIGNED);
    assertThat(report.errors())
        .extracting(ValidationIssue::pointer, ValidationIssue::code)
        .containsExactlyElementsOf(
            STRICT_ERRORS.get(name).stream().map(pointer -> tuple(pointer, "required")).toList());
  }

  @ParameterizedTest
  @MethodSource("completeUnsignedExamples")
  void lenientMode_acceptsTheExampleWithWarningsOnly(String name) {
    ValidationReport report = VconValidator.validate(read(name), ValidationMode.LENIENT);

    assertThat(report.isValid()).as(report.toString()).isTrue();
    assertThat(report.warnings())
        .extracting(ValidationIssue::pointer)
        .containsAll(STRICT_ERRORS.get(name));
  }

  @Test
  void lenientMode_stillRejectsExamplesWithoutUuid() {
    for (String name : NOT_COMPLETE_VCONS) {
      ValidationReport report = VconValidator.validate(read(name), ValidationMode.LENIENT);

      assertThat(report.errors()).extracting(ValidationIssue::pointer).containsExactly("/uuid");
    }
  }

  @Test
  void emailExamples_warnThatGroupIsReserved() {
    ValidationReport report =
        VconValidator.validate(read("ab_email_acct_prob_thread.vcon"), ValidationMode.STRICT);

    assertThat(report.warnings())
        .extracting(ValidationIssue::pointer, ValidationIssue::code)
        .containsExactly(tuple("/group", "reserved"));
  }

  @ParameterizedTest
  @MethodSource("envelopes")
  void signedAndEncryptedExamples_passTheEnvelopeCheck(String name) {
    for (ValidationMode mode : ValidationMode.values()) {
      ValidationReport report = VconValidator.validate(read(name), mode);

      assertThat(report.isValid()).as(report.toString()).isTrue();
      assertThat(report.form()).contains(ENVELOPES.get(name));
      assertThat(report.warnings())
          .extracting(ValidationIssue::pointer, ValidationIssue::code)
          .containsExactly(tuple(ValidationIssue.DOCUMENT, "form.shape-only"));
    }
  }

  static Stream<String> envelopes() {
    return ENVELOPES.keySet().stream().sorted();
  }

  @Test
  void signedExamplePayload_isTheCallExampleAndPassesLenientValidation() {
    JsonNode signed = VconJson.codec().read(read("ab_call_ext_rec_signed.vcon"));
    byte[] payload = Base64.getUrlDecoder().decode(signed.get("payload").textValue());

    ValidationReport report = VconValidator.validate(payload, ValidationMode.LENIENT);

    assertThat(report.isValid()).as(report.toString()).isTrue();
    assertThat(VconValidator.validate(payload, ValidationMode.STRICT).errors())
        .extracting(ValidationIssue::pointer)
        .containsExactly("/created_at");
  }

  private static List<String> exampleNames() {
    try {
      Path folder =
          Path.of(
              Objects.requireNonNull(WgExamplesValidationTest.class.getResource("/wg/examples/"))
                  .toURI());
      try (Stream<Path> files = Files.list(folder)) {
        return files
            .map(path -> path.getFileName().toString())
            .filter(file -> file.endsWith(".vcon"))
            .toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] read(String name) {
    try (var in = WgExamplesValidationTest.class.getResourceAsStream("/wg/examples/" + name)) {
      return Objects.requireNonNull(in, name).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
