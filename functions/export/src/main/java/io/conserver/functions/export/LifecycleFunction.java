package io.conserver.functions.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.conserver.platform.funqy.FunctionSettings;
import io.conserver.platform.funqy.ScheduleTick;
import io.conserver.platform.funqy.StageFunctions;
import io.quarkus.funqy.Funq;
import java.time.Clock;

/**
 * The lifecycle function's entry points (DESIGN.md, "Lifecycle and compliance"): {@code lifecycle}
 * for a JSON tick (EventBridge rule or Scheduler on Lambda, a direct invoke), {@code
 * lifecycle-cloudevent} for Cloud Scheduler through Pub/Sub and Eventarc. A failure is thrown: the
 * next tick resumes the interrupted run.
 */
public class LifecycleFunction {

  private static LifecycleEntry entry() {
    return new LifecycleEntry(
        FunctionSettings.fromEnvironment(),
        StageFunctions.fromEnvironment().store(),
        Clock.systemUTC());
  }

  @Funq("lifecycle")
  public JsonNode lifecycle(JsonNode event) throws Exception {
    ScheduleTick tick = ScheduleTick.of(event);
    return entry().handle(tick.body(), tick.headers());
  }

  @Funq("lifecycle-cloudevent")
  public void lifecycleCloudEvent(CloudEvent event) throws Exception {
    ScheduleTick tick = ScheduleTick.of(event);
    entry().handle(tick.body(), tick.headers());
  }
}
