package io.conserver.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.conserver.functions.ingest.vendor.VendorEndpoints;
import io.conserver.platform.funqy.FunctionSettings;
import io.conserver.platform.funqy.StageFunctions;
import io.conserver.platform.secrets.SecretRefs;
import io.quarkus.funqy.Funq;
import java.util.Map;

/**
 * The scheduled renewal of the tenant's Teams subscriptions ({@link TeamsRenewEntry}): {@code
 * teams-renew} for a JSON tick (EventBridge on Lambda, a direct invoke), {@code
 * teams-renew-cloudevent} for Cloud Scheduler through Pub/Sub and Eventarc. A failure is thrown.
 */
public class TeamsRenewFunction {
  private static final ObjectMapper JSON = new ObjectMapper();

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
  public JsonNode teamsRenew(JsonNode tick) throws Exception {
    return entry().handle(JSON.writeValueAsBytes(tick), Map.of());
  }

  @Funq("teams-renew-cloudevent")
  public void teamsRenewCloudEvent(CloudEvent event) throws Exception {
    byte[] data = event.getData() == null ? new byte[0] : event.getData().toBytes();
    entry().handle(data, Map.of("ce-type", event.getType()));
  }
}
