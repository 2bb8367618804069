package io.conserver.functions.transcribe.cloud.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Amazon Transcribe's EventBridge event, which resumes the stage when a job ends:
 *
 * <pre>{@code
 * {"version":"0","id":"…","detail-type":"Transcribe Job State Change","source":"aws.transcribe",
 *  "account":"…","time":"…","region":"…","resources":[],
 *  "detail":{"TranscriptionJobName":"…","TranscriptionJobStatus":"COMPLETED"}}
 * }</pre>
 *
 * The rule matches {@code TranscriptionJobStatus} COMPLETED or FAILED; either way the job name goes
 * to {@link io.conserver.functions.transcribe.engine.Transcriber#resume}, which reads the outcome
 * from the API (the event is best-effort and carries no result). Sample: {@code
 * events/transcribe/aws-transcribe-job-state-change.json}. Source:
 * https://docs.aws.amazon.com/transcribe/latest/dg/monitoring-events.html
 */
public record TranscribeJobStateChange(String jobName, String status, Optional<String> eventId) {
  static final String SOURCE = "aws.transcribe";
  static final String DETAIL_TYPE = "Transcribe Job State Change";

  /** True once the job has ended (COMPLETED or FAILED). */
  public boolean ended() {
    return "COMPLETED".equals(status) || "FAILED".equals(status);
  }

  /** Whether this JSON is a Transcribe job event (and so for {@link #decode}). */
  public static boolean recognises(JsonNode event) {
    return SOURCE.equals(event.path("source").asText())
        && DETAIL_TYPE.equals(event.path("detail-type").asText());
  }

  /**
   * The job an event names.
   *
   * @throws IllegalArgumentException when it is not a Transcribe job event or names no valid job (a
   *     rule wired wrong: poison, not worth a retry)
   */
  public static TranscribeJobStateChange decode(JsonNode event) {
    if (!recognises(event)) {
      throw new IllegalArgumentException(
          "not a '"
              + DETAIL_TYPE
              + "' event from "
              + SOURCE
              + ": source '"
              + event.path("source").asText()
              + "', detail-type '"
              + event.path("detail-type").asText()
              + "'");
    }
    JsonNode detail = event.path("detail");
    String job = detail.path("TranscriptionJobName").asText("");
    if (!AwsJobNames.VALID.matcher(job).matches()) {
      throw new IllegalArgumentException(
          "detail.TranscriptionJobName is missing or not a job name");
    }
    String status = detail.path("TranscriptionJobStatus").asText("");
    if (status.isEmpty()) {
      throw new IllegalArgumentException("detail.TranscriptionJobStatus is missing");
    }
    return new TranscribeJobStateChange(
        job, status, Optional.ofNullable(event.path("id").textValue()));
  }
}
