package io.conserver.functions.translate;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.conserver.platform.funqy.BatchResponse;
import io.conserver.platform.funqy.FunqyEvents;
import io.conserver.platform.funqy.StageFunctions;
import io.quarkus.funqy.Funq;

/**
 * The deployable entry points of the translate stage; a deployment picks one with {@code
 * QUARKUS_FUNQY_EXPORT}: {@code translate} for raw JSON events (Lambda with an SQS trigger, direct
 * invoke), {@code translate-cloudevent} for CloudEvents (Cloud Functions gen2, Knative).
 */
public class TranslateFunction {
  static final String FUNCTION = "translate";

  @Funq("translate")
  public BatchResponse translate(JsonNode event) {
    return FunqyEvents.handleJson(StageFunctions.fromEnvironment(), FUNCTION, event);
  }

  @Funq("translate-cloudevent")
  public void translateCloudEvent(CloudEvent event) {
    FunqyEvents.handleCloudEvent(StageFunctions.fromEnvironment(), FUNCTION, event);
  }
}
