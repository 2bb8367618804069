package io.conserver.functions.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.conserver.platform.funqy.BatchResponse;
import io.conserver.platform.funqy.FunqyEvents;
import io.conserver.platform.funqy.StageFunctions;
import io.quarkus.funqy.Funq;

/**
 * The deployable entry points of the route stage: {@code route} for raw JSON events (Lambda with an
 * SQS trigger, direct invoke), {@code route-cloudevent} for CloudEvents.
 */
public class RouteFunction {
  static final String FUNCTION = "route";

  @Funq("route")
  public BatchResponse route(JsonNode event) {
    return FunqyEvents.handleJson(StageFunctions.fromEnvironment(), FUNCTION, event);
  }

  @Funq("route-cloudevent")
  public void routeCloudEvent(CloudEvent event) {
    FunqyEvents.handleCloudEvent(StageFunctions.fromEnvironment(), FUNCTION, event);
  }
}
