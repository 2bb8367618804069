package io.conserver.vcon.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.vcon.VconJson;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Documents that use the draft's less common shapes must pass STRICT without a single issue. */
class ValidVconsTest {

  @Test
  void multiChannelRecordingWithHistoryAndSessionIds_isClean() {
    assertClean(
        """
        {
          "uuid": "019f15a6-a752-826f-b9a2-279e0d16bc46",
          "created_at": "2024-02-29T10:00:00.123456+05:30",
          "updated_at": "2016-12-31T23:59:60Z",
          "parties": [{"tel": "+15555550100"}, {"tel": "+15555550101"}, {"name": "anonymous"}],
          "dialog": [
            {
              "type": "recording",
              "start": "2024-02-29T10:00:00Z",
              "duration": 0,
              "parties": [[0, 1], null, 2],
              "originator": 1,
              "mediatype": "audio/x-wav",
              "url": "https://media.example.com/call.wav",
              "content_hash": [
                "sha512-GLy6IPaIUM1GqzZqfIPZlWjaDsNgNvZM0iCONNThnH0a75fhUM6cYnNMHp9vj8BXyaMc0lJ_D9KvXzTDAzdlcQ",
                "sha256-47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"
              ],
              "session_id": [{"local": "ab30317f1a784dc48ff824d0d3715d86", "remote": "00000000000000000000000000000000"}, [{}, {}], {}],
              "party_history": [
                {"party": 0, "time": "2024-02-29T10:00:00Z", "event": "join"},
                {"party": 1, "time": "2024-02-29T10:00:05Z", "event": "keydown", "button": "5"},
                {"party": 1, "time": "2024-02-29T10:00:06Z", "event": "keyup", "button": "5"}
              ],
              "application": "pbx",
              "message_id": "call-1"
            }
          ]
        }
        """);
  }

  @Test
  void recordingSetAndTransferWithIncompleteConsultation_isClean() {
    assertClean(
        """
        {
          "uuid": "019f15a6-a752-826f-b9a2-279e0d16bc46",
          "created_at": "2024-05-01T10:00:00Z",
          "parties": [{"name": "Caller"}, {"name": "Agent"}, {"name": "Expert"}],
          "dialog": [
            {"type": "recording", "start": "2024-05-01T10:00:00Z", "parties": 0, "recording_set": 2,
             "mediatype": "audio/ogg", "encoding": "base64url", "body": "T2dnUw"},
            {"type": "recording", "start": "2024-05-01T10:00:00Z", "parties": [1], "recording_set": 2,
             "mediatype": "audio/ogg", "encoding": "base64url", "body": "T2dnUw=="},
            {"type": "recording-set", "start": "2024-05-01T10:00:00Z", "duration": 61.5,
             "parties": [0, 1], "recordings": [0, 1]},
            {"type": "incomplete", "start": "2024-05-01T10:01:00Z", "parties": [1, 2],
             "disposition": "no-answer"},
            {},
            {"type": "transfer", "start": "2024-05-01T10:02:00Z", "transferee": 0, "transferor": 1,
             "transfer_target": [2], "original": [0, 1], "consultation": 3, "target_dialog": 4}
          ]
        }
        """);
  }

  @Test
  void placeholdersAnalysisAttachmentsAndRedaction_areClean() {
    assertClean(
        """
        {
          "uuid": "019f15a6-aa72-8dbd-a20f-d188127fad29",
          "created_at": "2024-05-01T10:00:00Z",
          "subject": "Billing",
          "extensions": ["CC"],
          "redacted": {
            "uuid": "019f15a6-a752-826f-b9a2-279e0d16bc46",
            "type": "PII Redaction",
            "url": "https://vcons.example.com/019f15a6-a752-826f-b9a2-279e0d16bc46.vcon",
            "content_hash": "sha512-GLy6IPaIUM1GqzZqfIPZlWjaDsNgNvZM0iCONNThnH0a75fhUM6cYnNMHp9vj8BXyaMc0lJ_D9KvXzTDAzdlcQ"
          },
          "parties": [
            {},
            {"name": "Bob", "validation": "none", "type": "person", "org": "Example", "dept": "Billing",
             "did": "did:example:123456789abcdefghi", "gmlpos": "51.5072 -0.1276",
             "stir": "eyJhbGciOiJFUzI1NiJ9.eyJvcmlnIjp7fX0.c2ln",
             "civicaddress": {"country": "GB", "a3": "London", "pc": "SW1A 1AA"}}
          ],
          "dialog": [
            {},
            {"type": "text", "start": "2024-05-01T10:00:00Z", "parties": [1, 0],
             "mediatype": "text/plain", "encoding": "none", "body": ""}
          ],
          "analysis": [
            {},
            {"type": "summary", "vendor": "example", "product": "notes", "schema": "v1",
             "dialog": [1], "attachment": 1, "encoding": "json", "body": {"summary": "Billing question"}},
            {"type": "transcript-redacted", "vendor": "example", "dialog": 1,
             "encoding": "json", "body": "a JSON string is a JSON value too"}
          ],
          "attachments": [
            {},
            {"purpose": "invoice", "start": "2024-05-01T10:00:00Z", "party": 1, "dialog": 1,
             "mediatype": "application/pdf", "filename": "invoice.pdf",
             "url": "https://files.example.com/invoice.pdf",
             "content_hash": "sha512-GLy6IPaIUM1GqzZqfIPZlWjaDsNgNvZM0iCONNThnH0a75fhUM6cYnNMHp9vj8BXyaMc0lJ_D9KvXzTDAzdlcQ"}
          ]
        }
        """);
  }

  @Test
  void criticalExtension_isCleanForAValidatorThatSupportsIt() {
    String json =
        """
        {"uuid": "019f15a6-a752-826f-b9a2-279e0d16bc46", "created_at": "2024-05-01T10:00:00Z",
         "extensions": ["CC"], "critical": ["CC"]}
        """;

    ValidationReport report =
        VconValidator.supporting(Set.of("CC"))
            .check(VconJson.codec().read(json), ValidationMode.STRICT);

    assertThat(report.issues()).isEmpty();
  }

  private static void assertClean(String json) {
    ValidationReport report =
        VconValidator.validate(VconJson.codec().read(json), ValidationMode.STRICT);

    assertThat(report.issues()).as(report.toString()).isEmpty();
    assertThat(report.isValid()).isTrue();
  }
}
