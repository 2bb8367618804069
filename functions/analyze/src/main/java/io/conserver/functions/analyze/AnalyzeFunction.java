package io.conserver.functions.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.conserver.platform.funqy.BatchResponse;
import io.conserver.platform.funqy.FunqyEvents;
import io.conserver.platform.funqy.StageFunctions;
import io.quarkus.funqy.Funq;

/**
 * The deployable entry points of the analyze stage: {@code analyze} for raw JSON events (Lambda
 * with an SQS trigger, direct invoke), {@code analyze-cloudevent} for CloudEvents (Cloud Functions
 * gen2, Knative).
 */
public class AnalyzeFunction {
  static final String FUNCTION = "analyze";

  @Funq("analyze")
  public BatchResponse analyze(JsonNode event) {
    return FunqyEvents.handleJson(StageFunctions.fromEnvironment(), FUNCTION, event);
  }

  @Funq("analyze-cloudevent")
  public void analyzeCloudEvent(CloudEvent event) {
    FunqyEvents.handleCloudEvent(StageFunctions.fromEnvironment(), FUNCTION, event);
  }
}
