package io.conserver.functions.redact;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.conserver.platform.funqy.BatchResponse;
import io.conserver.platform.funqy.FunqyEvents;
import io.conserver.platform.funqy.StageFunctions;
import io.quarkus.funqy.Funq;

/**
 * The deployable entry points of the redact stage; a deployment picks one with {@code
 * QUARKUS_FUNQY_EXPORT}: {@code redact} for raw JSON events (Lambda with an SQS trigger, direct
 * invoke), {@code redact-cloudevent} for CloudEvents (Cloud Functions gen2, Knative).
 */
public class RedactFunction {
  static final String FUNCTION = "redact";

  @Funq("redact")
  public BatchResponse redact(JsonNode event) {
    return FunqyEvents.handleJson(StageFunctions.fromEnvironment(), FUNCTION, event);
  }

  @Funq("redact-cloudevent")
  public void redactCloudEvent(CloudEvent event) {
    FunqyEvents.handleCloudEvent(StageFunctions.fromEnvironment(), FUNCTION, event);
  }
}
