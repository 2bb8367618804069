package io.conserver.functions.transcribe.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.testing.RepoPaths;
import io.conserver.platform.vendor.VendorHttp;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class TranscribeJobStateChangeTest {
  private static JsonNode sample() throws Exception {
    return VendorHttp.json()
        .readTree(
            Files.readString(
                RepoPaths.resolve("events/transcribe/aws-transcribe-job-state-change.json")));
  }

  @Test
  void theSampleEvent_namesTheJobToResume() throws Exception {
    TranscribeJobStateChange change = TranscribeJobStateChange.decode(sample());

    assertThat(change.jobName())
        .isEqualTo("conserver-0192a4e8-0000-8000-8000-000000000001-d0-c0-5c1e8f0a9b2d4c6e");
    assertThat(change.status()).isEqualTo("COMPLETED");
    assertThat(change.ended()).isTrue();
    assertThat(change.eventId()).contains("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
  }

  @Test
  void aFailedJob_hasEndedToo_andAnInProgressOneHasNot() throws Exception {
    ObjectNode failed = (ObjectNode) sample();
    ((ObjectNode) failed.get("detail")).put("TranscriptionJobStatus", "FAILED");
    ObjectNode running = (ObjectNode) sample();
    ((ObjectNode) running.get("detail")).put("TranscriptionJobStatus", "IN_PROGRESS");

    assertThat(TranscribeJobStateChange.decode(failed).ended()).isTrue();
    assertThat(TranscribeJobStateChange.decode(running).ended()).isFalse();
  }

  @Test
  void anotherEvent_orAMissingOrUnsafeJobName_isRefusedWithAReason() throws Exception {
    ObjectNode s3 = (ObjectNode) sample();
    s3.put("source", "aws.s3").put("detail-type", "Object Created");
    ObjectNode unsafe = (ObjectNode) sample();
    ((ObjectNode) unsafe.get("detail")).put("TranscriptionJobName", "../../x");
    ObjectNode noStatus = (ObjectNode) sample();
    ((ObjectNode) noStatus.get("detail")).remove("TranscriptionJobStatus");

    assertThat(TranscribeJobStateChange.recognises(s3)).isFalse();
    assertThatThrownBy(() -> TranscribeJobStateChange.decode(s3)).hasMessageContaining("aws.s3");
    assertThatThrownBy(() -> TranscribeJobStateChange.decode(unsafe))
        .hasMessageContaining("TranscriptionJobName");
    assertThatThrownBy(() -> TranscribeJobStateChange.decode(noStatus))
        .hasMessageContaining("TranscriptionJobStatus");
  }
}
