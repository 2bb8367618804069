package io.conserver.vcon.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each file under {@code invalid/} is a small vCon with exactly one defect; STRICT validation must
 * report exactly one error, at exactly this pointer, with exactly this code.
 */
class InvalidVconsTest {

  /** file (without .json) | pointer | code. */
  private static final String CASES =
      """
      document-empty                         | (document)                       | parse
      document-malformed                     | (document)                       | parse
      document-duplicate-member              | (document)                       | parse
      document-array-at-top-level            | (document)                       | type
      missing-uuid                           | /uuid                            | required
      missing-created-at                     | /created_at                      | required
      uuid-not-8-4-4-4-12                    | /uuid                            | format.uuid
      created-at-without-t-and-offset        | /created_at                      | format.date-time
      created-at-month-13                    | /created_at                      | format.date-time
      updated-at-february-30                 | /updated_at                      | format.date-time
      vcon-version-0.3.0                     | /vcon                            | version
      critical-unknown-extension             | /critical/0                      | critical.unsupported
      extensions-not-strings                 | /extensions/0                    | type
      must-support-legacy-name               | /must_support                    | legacy
      appended-legacy-name                   | /appended                        | legacy
      redacted-and-amended                   | /amended                         | exclusive
      redacted-without-type                  | /redacted/type                   | required
      redacted-uuid-malformed                | /redacted/uuid                   | format.uuid
      amended-url-without-content-hash       | /amended/content_hash            | required
      parties-not-an-array                   | /parties                         | type
      party-name-not-a-string                | /parties/0/name                  | type
      party-civicaddress-member-not-a-string | /parties/0/civicaddress/a1       | type
      party-did-malformed                    | /parties/0/did                   | format.did
      dialog-type-missing                    | /dialog/0/type                   | required
      dialog-type-unknown                    | /dialog/0/type                   | enum
      dialog-start-without-offset            | /dialog/0/start                  | format.date-time
      dialog-duration-negative               | /dialog/0/duration               | range
      dialog-party-index-out-of-range        | /dialog/2/parties/1              | ref.party
      dialog-channel-party-out-of-range      | /dialog/0/parties/2/0            | ref.party
      dialog-party-index-negative            | /dialog/0/parties/1              | range
      dialog-originator-out-of-range         | /dialog/0/originator             | ref.party
      dialog-body-and-url                    | /dialog/0                        | exclusive
      dialog-url-without-content-hash        | /dialog/0/content_hash           | required
      dialog-url-http                        | /dialog/0/url                    | format.https-url
      content-hash-uppercase-algorithm       | /dialog/0/content_hash           | hash.format
      content-hash-sha512-too-short          | /dialog/0/content_hash           | hash.length
      content-hash-padded-in-array           | /dialog/0/content_hash/1         | hash.format
      encoding-unknown                       | /dialog/0/encoding               | enum
      encoding-missing-for-body              | /dialog/0/encoding               | required
      body-invalid-base64url                 | /dialog/0/body                   | encoding.base64url
      body-not-string-with-encoding-none     | /dialog/0/body                   | type
      mediatype-without-subtype              | /dialog/0/mediatype              | format.mediatype
      incomplete-without-disposition         | /dialog/0/disposition            | required
      incomplete-unknown-disposition         | /dialog/0/disposition            | enum
      incomplete-with-body                   | /dialog/0                        | not-allowed
      transfer-with-parties                  | /dialog/1/parties                | not-allowed
      transfer-target-dialog-out-of-range    | /dialog/2/target_dialog          | ref.dialog
      transferee-on-text-dialog              | /dialog/0/transferee             | not-allowed
      recording-set-without-recordings       | /dialog/1/recordings             | required
      recordings-point-at-text-dialog        | /dialog/1/recordings/0           | ref.dialog-type
      party-history-unknown-event            | /dialog/0/party_history/1/event  | enum
      party-history-keydown-without-button   | /dialog/0/party_history/0/button | required
      session-id-as-string                   | /dialog/0/session_id             | legacy
      analysis-missing-vendor                | /analysis/0/vendor               | required
      analysis-dialog-index-out-of-range     | /analysis/0/dialog/1             | ref.dialog
      attachment-party-out-of-range          | /attachments/0/party             | ref.party
      attachment-dialog-out-of-range         | /attachments/0/dialog            | ref.dialog
      attachment-without-start               | /attachments/0/start             | required
      signed-without-alg                     | /signatures/0/header/alg         | required
      encrypted-without-recipients           | /recipients                      | required
      """;

  static Stream<Arguments> cases() {
    return CASES
        .lines()
        .map(line -> line.split("\\|"))
        .map(cells -> Arguments.of(cells[0].strip(), cells[1].strip(), cells[2].strip()));
  }

  @ParameterizedTest(name = "{0} -> {1} [{2}]")
  @MethodSource("cases")
  void reportsExactlyOneErrorAtThePointOfTheDefect(String file, String pointer, String code) {
    ValidationReport report = VconValidator.validate(read(file), ValidationMode.STRICT);

    assertThat(report.isValid()).isFalse();
    assertThat(report.errors())
        .extracting(ValidationIssue::pointer, ValidationIssue::code)
        .containsExactly(tuple(pointer, code));
    assertThat(report.errors().get(0).message()).isNotBlank();
  }

  @Test
  void everyFileInTheInvalidFolderHasAnExpectation() throws IOException, URISyntaxException {
    Path folder = Path.of(Objects.requireNonNull(getClass().getResource("/invalid/")).toURI());
    List<String> expected = cases().map(arguments -> arguments.get()[0] + ".json").toList();
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void parseErrorsDoNotQuoteTheOffendingToken() {
    byte[] json = "{\"name\": Alice}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    ValidationReport report = VconValidator.validate(json, ValidationMode.LENIENT);

    assertThat(report.errors())
        .singleElement()
        .satisfies(
            issue -> {
              assertThat(issue.pointer()).isEqualTo(ValidationIssue.DOCUMENT);
              assertThat(issue.message())
                  .startsWith("malformed JSON at line 1")
                  .doesNotContain("Alice");
            });
  }

  static byte[] read(String name) {
    try (InputStream in =
        InvalidVconsTest.class.getResourceAsStream("/invalid/" + name + ".json")) {
      return Objects.requireNonNull(in, name).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
