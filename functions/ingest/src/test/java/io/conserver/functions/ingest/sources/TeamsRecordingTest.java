package io.conserver.functions.ingest.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.testing.RepoPaths;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.validation.ValidationMode;
import io.conserver.vcon.validation.VconValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Teams converter alone: the stored notification plus the Graph answers of events/graph/. */
class TeamsRecordingTest {
  private static final SourceContext CONTEXT =
      new SourceContext(
          UUID.fromString("019f15a6-a752-826f-b9a2-279e0d16bc46"),
          OffsetDateTime.parse("2026-11-24T15:00:00Z"),
          null);

  private static ObjectNode read(String path) throws IOException {
    return (ObjectNode) VconJson.codec().read(Files.readAllBytes(RepoPaths.resolve(path)));
  }

  private static ObjectNode enriched() throws IOException {
    ObjectNode notification = read("events/sources/teams-recording-notification.json");
    notification.set("recording", read("events/graph/call-recording.json"));
    notification.set("meeting", read("events/graph/online-meeting.json"));
    return notification;
  }

  @Test
  void theResource_isParsedInBothGraphForms_andNothingElse() {
    assertThat(TeamsRecording.resource("communications/onlineMeetings('M1')/recordings('R-2=')"))
        .contains(new TeamsRecording.Resource("M1", "R-2="));
    assertThat(TeamsRecording.resource("/communications/onlineMeetings/M1/recordings/R2"))
        .contains(new TeamsRecording.Resource("M1", "R2"));
    assertThat(TeamsRecording.resource("communications/onlineMeetings/../users/recordings/x"))
        .isEmpty();
    assertThat(TeamsRecording.resource("communications/onlineMeetings('M1')/transcripts('T')"))
        .isEmpty();
  }

  @Test
  void aNotificationWithItsGraphResources_becomesAValidVideoVcon() throws Exception {
    Vcon vcon = TeamsRecording.FORMAT.convert(enriched(), CONTEXT);

    JsonNode json = vcon.toJson();
    assertThat(VconValidator.validate(json, ValidationMode.LENIENT).errors()).isEmpty();
    assertThat(json.path("parties")).hasSize(3);
    assertThat(json.path("parties").get(0).path("name").asText()).isEqualTo("Alex Wilber");
    JsonNode dialog = json.path("dialog").get(0);
    assertThat(dialog.path("type").asText()).isEqualTo("recording");
    assertThat(dialog.path("parties")).hasSize(3);
    assertThat(dialog.has("content_hash")).isFalse(); // nothing invented before the bytes are read
    String text = json.toString();
    assertThat(text).contains("pending_media").contains("af6b7d3e-5c8a-4b3f-9a1e-2f0d8c7b6a51");
    assertThat(text).doesNotContain("joinWebUrl").doesNotContain("meetup-join");
  }

  @Test
  void aNotificationWithoutTheRecording_orWithBrokenMembers_namesThePointer() throws Exception {
    ObjectNode bare = read("events/sources/teams-recording-notification.json");
    assertThatThrownBy(() -> TeamsRecording.FORMAT.convert(bare, CONTEXT))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("/recording: required");

    ObjectNode broken = enriched();
    ((ObjectNode) broken.get("recording")).put("createdDateTime", "yesterday");
    ((ObjectNode) broken.get("meeting").get("participants")).put("attendees", "everyone");
    assertThatThrownBy(() -> TeamsRecording.FORMAT.convert(broken, CONTEXT))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(
            e ->
                assertThat(((InvalidInputException) e).details())
                    .contains(
                        "/recording/createdDateTime: must be an ISO-8601 date-time with offset",
                        "/meeting/participants/attendees: must be an array"));
  }
}
