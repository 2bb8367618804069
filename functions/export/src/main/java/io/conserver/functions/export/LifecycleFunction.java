package io.conserver.functions.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.conserver.platform.funqy.FunctionSettings;
import io.conserver.platform.funqy.StageFunctions;
import io.quarkus.funqy.Funq;
import java.time.Clock;
import java.util.Map;

/**
 * The lifecycle function's entry points (DESIGN.md, "Lifecycle and compliance"): {@code lifecycle}
 * for a JSON tick (EventBridge rule or Scheduler on Lambda, a direct invoke), {@code
 * lifecycle-cloudevent} for Cloud Scheduler through Pub/Sub and Eventarc. A failure is thrown: the
 * next tick resumes the interrupted run.
 */
public class LifecycleFunction {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LifecycleEntry entry() {
    return new LifecycleEntry(
        FunctionSettings.fromEnvironment(),
        StageFunctions.fromEnvironment().store(),
        Clock.systemUTC());
  }

  @Funq("lifecycle")
  public JsonNode lifecycle(JsonNode event) throws Exception {
    return entry().handle(JSON.writeValueAsBytes(event), Map.of());
  }

  @Funq("lifecycle-cloudevent")
  public void lifecycleCloudEvent(CloudEvent event) throws Exception {
    byte[] data = event.getData() == null ? new byte[0] : event.getData().toBytes();
    entry().handle(data, Map.of("ce-type", event.getType()));
  }
}
