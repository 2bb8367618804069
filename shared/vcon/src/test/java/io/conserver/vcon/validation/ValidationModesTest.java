package io.conserver.vcon.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.VconJson;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Warnings, and what LENIENT mode forgives (and does not) compared with STRICT. */
class ValidationModesTest {
  private static final String HASH =
      "sha512-GLy6IPaIUM1GqzZqfIPZlWjaDsNgNvZM0iCONNThnH0a75fhUM6cYnNMHp9vj8BXyaMc0lJ_D9KvXzTDAzdlcQ";

  /** A clean vCon: two parties, one text dialog. */
  private static ObjectNode base() {
    return (ObjectNode)
        VconJson.codec()
            .read(
                """
                {
                  "uuid": "019f15a6-a752-826f-b9a2-279e0d16bc46",
                  "created_at": "2024-05-01T10:00:00Z",
                  "parties": [{"name": "Alice"}, {"name": "Bob"}],
                  "dialog": [{"type": "text", "start": "2024-05-01T10:00:00Z", "parties": [0, 1],
                              "mediatype": "text/plain", "encoding": "none", "body": "Hello"}]
                }
                """);
  }

  private static ObjectNode base(Consumer<ObjectNode> change) {
    ObjectNode vcon = base();
    change.accept(vcon);
    return vcon;
  }

  private static ObjectNode dialog(ObjectNode vcon) {
    return (ObjectNode) vcon.get("dialog").get(0);
  }

  @Test
  void theBaseDocumentIsClean() {
    assertThat(VconValidator.validate(base(), ValidationMode.STRICT).issues()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(ValidationMode.class)
  void vcon040_isOnlyADeprecationWarning(ValidationMode mode) {
    ValidationReport report = VconValidator.validate(base(v -> v.put("vcon", "0.4.0")), mode);

    assertThat(report.isValid()).isTrue();
    assertThat(report.warnings())
        .extracting(ValidationIssue::pointer, ValidationIssue::code)
        .containsExactly(tuple("/vcon", "deprecated"));
  }

  @ParameterizedTest
  @EnumSource(ValidationMode.class)
  void otherVconVersions_areErrorsInBothModes(ValidationMode mode) {
    ValidationReport report = VconValidator.validate(base(v -> v.put("vcon", "0.3.0")), mode);

    assertThat(report.errors())
        .extracting(ValidationIssue::pointer, ValidationIssue::code)
        .containsExactly(tuple("/vcon", "version"));
  }

  @ParameterizedTest
  @EnumSource(ValidationMode.class)
  void group_isAReservedNameWarning(ValidationMode mode) {
    ValidationReport report = VconValidator.validate(base(v -> v.putArray("group")), mode);

    assertThat(report.isValid()).isTrue();
    assertThat(report.warnings())
        .extracting(ValidationIssue::pointer, ValidationIssue::code)
        .containsExactly(tuple("/group", "reserved"));
  }

  @Test
  void unknownHashAlgorithm_isAWarningNotAnError() {
    ObjectNode vcon =
        base(
            v -> {
              dialog(v).remove(java.util.List.of("encoding", "body"));
              dialog(v).put("url", "https://media.example.com/a.txt");
              dialog(v).putArray("content_hash").add(HASH).add("blake3-AAAA");
            });

    ValidationReport report = VconValidator.validate(vcon, ValidationMode.STRICT);

    assertThat(report.isValid()).isTrue();
    assertThat(report.warnings())
        .extracting(ValidationIssue::pointer, ValidationIssue::code)
        .containsExactly(tuple("/dialog/0/content_hash/1", "hash.unknown-algorithm"));
  }

  @ParameterizedTest(name = "{0} at {1}")
  @CsvSource({
    "created_at missing, /created_at, required",
    "empty redacted, /redacted/type, required",
    "encoding missing, /dialog/0/encoding, required",
    "attachment without party, /attachments/0/party, required",
    "appended, /appended, legacy",
    "must_support, /must_support, legacy",
    "string session_id, /dialog/0/session_id, legacy",
    "mimetype, /dialog/0/mimetype, legacy",
    "transfer-target, /dialog/0/transfer-target, legacy",
  })
  void lenientMode_downgradesToAWarning(String change, String pointer, String code) {
    ObjectNode vcon = base(v -> apply(change, v));

    ValidationReport strict = VconValidator.validate(vcon, ValidationMode.STRICT);
    ValidationReport lenient = VconValidator.validate(vcon, ValidationMode.LENIENT);

    assertThat(strict.errors())
        .extracting(ValidationIssue::pointer, ValidationIssue::code)
        .containsExactly(tuple(pointer, code));
    assertThat(lenient.isValid()).as(lenient.toString()).isTrue();
    assertThat(lenient.warnings())
        .extracting(ValidationIssue::pointer, ValidationIssue::code)
        .containsExactly(tuple(pointer, code));
  }

  private static void apply(String change, ObjectNode v) {
    switch (change) {
      case "created_at missing" -> v.remove("created_at");
      case "empty redacted" -> v.putObject("redacted");
      case "encoding missing" -> dialog(v).remove("encoding");
      case "attachment without party" ->
          v.putArray("attachments")
              .addObject()
              .put("start", "2024-05-01T10:00:00Z")
              .put("dialog", 0)
              .put("encoding", "none")
              .put("body", "note");
      case "appended" ->
          v.putObject("appended").put("uuid", "019f15a6-a752-826f-b9a2-279e0d16bc46");
      case "must_support" -> v.putArray("must_support");
      case "string session_id" -> dialog(v).put("session_id", "ab30317f1a784dc48ff824d0d3715d86");
      case "mimetype" -> dialog(v).put("mimetype", "text/plain");
      case "transfer-target" -> dialog(v).put("transfer-target", 1);
      default -> throw new IllegalArgumentException(change);
    }
  }

  @ParameterizedTest
  @EnumSource(ValidationMode.class)
  void danglingReferences_areErrorsInBothModes(ValidationMode mode) {
    ValidationReport report =
        VconValidator.validate(base(v -> dialog(v).putArray("parties").add(0).add(2)), mode);

    assertThat(report.errors())
        .extracting(ValidationIssue::pointer, ValidationIssue::code)
        .containsExactly(tuple("/dialog/0/parties/1", "ref.party"));
  }

  @Test
  void redactedWithMembersButNoType_isAnErrorEvenLeniently() {
    ObjectNode vcon =
        base(v -> v.putObject("redacted").put("uuid", "019f15a6-a752-826f-b9a2-279e0d16bc46"));

    assertThat(VconValidator.validate(vcon, ValidationMode.LENIENT).errors())
        .extracting(ValidationIssue::pointer)
        .containsExactly("/redacted/type");
  }

  @ParameterizedTest
  @EnumSource(ValidationMode.class)
  void unsupportedCriticalExtension_isAnErrorInBothModes(ValidationMode mode) {
    ObjectNode vcon = base(v -> v.putArray("critical").add("CC"));

    assertThat(VconValidator.validate(vcon, mode).errors())
        .extracting(ValidationIssue::pointer, ValidationIssue::code)
        .containsExactly(tuple("/critical/0", "critical.unsupported"));
    assertThat(VconValidator.supporting(Set.of("CC")).check(vcon, mode).isValid()).isTrue();
  }

  @Test
  void legacyMustSupport_isCheckedLikeCritical() {
    ObjectNode vcon = base(v -> v.putArray("must_support").add("CC").add("ACME"));

    ValidationReport report =
        VconValidator.supporting(Set.of("CC")).check(vcon, ValidationMode.LENIENT);

    assertThat(report.errors())
        .extracting(ValidationIssue::pointer, ValidationIssue::code)
        .containsExactly(tuple("/must_support/1", "critical.unsupported"));
    assertThat(report.warnings()).extracting(ValidationIssue::code).containsExactly("legacy");
  }

  @Test
  void criticalNames_areCaseSensitive() {
    ObjectNode vcon = base(v -> v.putArray("critical").add("cc"));

    assertThat(VconValidator.supporting(Set.of("CC")).check(vcon, ValidationMode.STRICT).isValid())
        .isFalse();
  }

  @Test
  void dispositionOnATextDialog_isAWarning() {
    ValidationReport report =
        VconValidator.validate(
            base(v -> dialog(v).put("disposition", "busy")), ValidationMode.STRICT);

    assertThat(report.isValid()).isTrue();
    assertThat(report.warnings())
        .extracting(ValidationIssue::pointer, ValidationIssue::code)
        .containsExactly(tuple("/dialog/0/disposition", "not-allowed"));
  }

  @ParameterizedTest
  @EnumSource(ValidationMode.class)
  void attachmentTypeInsteadOfPurpose_isAWarning(ValidationMode mode) {
    ObjectNode vcon =
        base(
            v ->
                v.putArray("attachments")
                    .addObject()
                    .put("type", "invoice")
                    .put("start", "2024-05-01T10:00:00Z")
                    .put("party", 0)
                    .put("dialog", 0)
                    .put("encoding", "none")
                    .put("body", "Invoice 1"));

    ValidationReport report = VconValidator.validate(vcon, mode);

    assertThat(report.isValid()).isTrue();
    assertThat(report.warnings())
        .extracting(ValidationIssue::pointer, ValidationIssue::code)
        .containsExactly(tuple("/attachments/0/type", "legacy"));
  }

  @Test
  void signatureWithoutCertificate_isAWarning() {
    ObjectNode signed =
        (ObjectNode)
            VconJson.codec()
                .read(
                    """
        {"payload": "e30", "signatures": [{"protected": "eyJhbGciOiJSUzI1NiJ9", "signature": "c2ln"}]}
        """);

    ValidationReport report = VconValidator.validate(signed, ValidationMode.STRICT);

    assertThat(report.isValid()).isTrue();
    assertThat(report.warnings())
        .extracting(ValidationIssue::pointer, ValidationIssue::code)
        .containsExactly(
            tuple(ValidationIssue.DOCUMENT, "form.shape-only"),
            tuple("/signatures/0", "jws.no-certificate"));
  }

  @Test
  void nullMode_meansStrict() {
    ObjectNode vcon = base(v -> v.remove("created_at"));

    assertThat(VconValidator.validate(vcon, null).isValid()).isFalse();
  }
}
