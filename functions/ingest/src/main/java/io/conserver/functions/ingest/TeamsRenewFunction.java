package io.conserver.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.conserver.functions.ingest.vendor.VendorEndpoints;
import io.conserver.platform.funqy.FunctionSettings;
import io.conserver.platform.funqy.ScheduleTick;
import io.conserver.platform.funqy.StageFunctions;
import io.conserver.platform.secrets.SecretRefs;
import io.quarkus.funqy.Funq;

/**
 * The scheduled renewal of the tenant's Teams subscriptions ({@link TeamsRenewEntry}): {@code
 * teams-renew} for a JSON tick (EventBridge on Lambda, a direct invoke), {@code
 * teams-renew-cloudevent} for Cloud Scheduler through Pub/Sub and Eventarc. A failure is thrown.
 */
public class TeamsRenewFunction {

  private static TeamsRenewEntry entry() {
    StageFunctions functions = StageFunctions.fromEnvironment();
    return new TeamsRenewEntry(
        FunctionSettings.fromEnvironment(),
        functions::pipeline,
        functions.store(),
        SecretRefs.system(),
        VendorEndpoints.production());
  }

  @Funq("teams-renew")
  public JsonNode teamsRenew(JsonNode input) throws Exception {
    ScheduleTick tick = ScheduleTick.of(input);
    return entry().handle(tick.body(), tick.headers());
  }

  @Funq("teams-renew-cloudevent")
  public void teamsRenewCloudEvent(CloudEvent event) throws Exception {
    ScheduleTick tick = ScheduleTick.of(event);
    entry().handle(tick.body(), tick.headers());
  }
}
