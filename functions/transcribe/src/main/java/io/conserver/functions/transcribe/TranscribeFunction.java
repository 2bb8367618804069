package io.conserver.functions.transcribe;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.conserver.functions.transcribe.cloud.aws.TranscribeJobStateChange;
import io.conserver.platform.funqy.BatchResponse;
import io.conserver.platform.funqy.FunqyEvents;
import io.conserver.platform.funqy.StageFunctions;
import io.quarkus.funqy.Funq;

/**
 * The deployable entry points of the transcribe stage; a deployment picks one with {@code
 * QUARKUS_FUNQY_EXPORT}: {@code transcribe} for raw JSON events (Lambda with an SQS trigger, direct
 * invoke, and Amazon Transcribe's job-completion event from EventBridge, which resumes the job's
 * input), {@code transcribe-cloudevent} for CloudEvents (Cloud Functions gen2, Knative).
 */
public class TranscribeFunction {
  static final String FUNCTION = "transcribe";

  @Funq("transcribe")
  public BatchResponse transcribe(JsonNode event) {
    return handle(StageFunctions.fromEnvironment(), event);
  }

  /** An object event (or SQS batch of them) runs the stage; a job's completion resumes it. */
  static BatchResponse handle(StageFunctions functions, JsonNode event) {
    return TranscribeJobStateChange.recognises(event)
        ? JobCompletions.resume(functions, FUNCTION, event)
        : FunqyEvents.handleJson(functions, FUNCTION, event);
  }

  @Funq("transcribe-cloudevent")
  public void transcribeCloudEvent(CloudEvent event) {
    FunqyEvents.handleCloudEvent(StageFunctions.fromEnvironment(), FUNCTION, event);
  }
}
