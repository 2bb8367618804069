package io.conserver.functions.cloudexport;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.conserver.platform.funqy.BatchResponse;
import io.conserver.platform.funqy.FunqyEvents;
import io.conserver.platform.funqy.StageFunctions;
import io.quarkus.funqy.Funq;

/**
 * The deployable entry points of the export-to-cloud stage: {@code export-to-cloud} for raw JSON
 * events (Lambda with an SQS trigger, direct invoke), {@code export-to-cloud-cloudevent} for
 * CloudEvents.
 */
public class ExportToCloudFunction {
  static final String FUNCTION = ExportToCloudTransformation.FUNCTION;

  @Funq("export-to-cloud")
  public BatchResponse exportToCloud(JsonNode event) {
    return FunqyEvents.handleJson(StageFunctions.fromEnvironment(), FUNCTION, event);
  }

  @Funq("export-to-cloud-cloudevent")
  public void exportToCloudCloudEvent(CloudEvent event) {
    FunqyEvents.handleCloudEvent(StageFunctions.fromEnvironment(), FUNCTION, event);
  }
}
