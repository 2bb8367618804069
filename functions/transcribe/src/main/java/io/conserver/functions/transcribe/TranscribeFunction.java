package io.conserver.functions.transcribe;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.conserver.platform.funqy.BatchResponse;
import io.conserver.platform.funqy.FunqyEvents;
import io.conserver.platform.funqy.StageFunctions;
import io.quarkus.funqy.Funq;

/**
 * The deployable entry points of the transcribe stage; a deployment picks one with {@code
 * QUARKUS_FUNQY_EXPORT}: {@code transcribe} for raw JSON events (Lambda with an SQS trigger, direct
 * invoke — also how a job's completion re-delivers the input), {@code transcribe-cloudevent} for
 * CloudEvents (Cloud Functions gen2, Knative).
 */
public class TranscribeFunction {
  static final String FUNCTION = "transcribe";

  @Funq("transcribe")
  public BatchResponse transcribe(JsonNode event) {
    return FunqyEvents.handleJson(StageFunctions.fromEnvironment(), FUNCTION, event);
  }

  @Funq("transcribe-cloudevent")
  public void transcribeCloudEvent(CloudEvent event) {
    FunqyEvents.handleCloudEvent(StageFunctions.fromEnvironment(), FUNCTION, event);
  }
}
