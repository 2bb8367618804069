package io.conserver.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.conserver.platform.funqy.BatchResponse;
import io.conserver.platform.funqy.FunqyEvents;
import io.conserver.platform.funqy.StageFunctions;
import io.quarkus.funqy.Funq;

/**
 * The deployable entry points of the ingest stage; a deployment picks one with {@code
 * QUARKUS_FUNQY_EXPORT}: {@code ingest} for raw JSON events (Lambda with an SQS trigger, direct
 * invoke), {@code ingest-cloudevent} for CloudEvents (Cloud Functions gen2, Knative).
 */
public class IngestFunction {
  static final String FUNCTION = "ingest";

  @Funq("ingest")
  public BatchResponse ingest(JsonNode event) {
    return FunqyEvents.handleJson(StageFunctions.fromEnvironment(), FUNCTION, event);
  }

  @Funq("ingest-cloudevent")
  public void ingestCloudEvent(CloudEvent event) {
    FunqyEvents.handleCloudEvent(StageFunctions.fromEnvironment(), FUNCTION, event);
  }
}
