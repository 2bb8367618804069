package io.conserver.functions.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.conserver.platform.funqy.BatchResponse;
import io.conserver.platform.funqy.FunqyEvents;
import io.conserver.platform.funqy.StageFunctions;
import io.quarkus.funqy.Funq;

/**
 * The deployable entry points of the export stage; a deployment picks one with {@code
 * QUARKUS_FUNQY_EXPORT}: {@code export} for raw JSON events (Lambda with an SQS trigger, direct
 * invoke), {@code export-cloudevent} for CloudEvents (Cloud Functions gen2, Knative).
 */
public class ExportFunction {
  static final String FUNCTION = "export";

  @Funq("export")
  public BatchResponse export(JsonNode event) {
    return FunqyEvents.handleJson(StageFunctions.fromEnvironment(), FUNCTION, event);
  }

  @Funq("export-cloudevent")
  public void exportCloudEvent(CloudEvent event) {
    FunqyEvents.handleCloudEvent(StageFunctions.fromEnvironment(), FUNCTION, event);
  }
}
