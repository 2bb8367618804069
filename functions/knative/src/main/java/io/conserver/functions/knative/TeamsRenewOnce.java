package io.conserver.functions.knative;

import io.conserver.functions.ingest.TeamsRenewEntry;
import io.conserver.functions.ingest.TeamsRenewEntry.RenewalFailedException;
import io.conserver.functions.ingest.vendor.VendorEndpoints;
import io.conserver.platform.funqy.FunctionSettings;
import io.conserver.platform.funqy.StageFunctions;
import io.conserver.platform.secrets.SecretRefs;
import java.io.PrintStream;
import java.util.Map;

/**
 * One renewal pass over the tenant's Teams subscriptions, as the k8s-tenant {@code teams-renew}
 * CronJob runs it every 10 minutes: the ingest module's {@link TeamsRenewEntry} with the settings
 * the AWS and GCP {@code teams-renew} functions get ({@code CONSERVER_TENANT}, the store's, {@code
 * CONSERVER_PIPELINE_JSON} with the Teams declaration, {@code CONSERVER_TEAMS_CLIENT_STATE_REF};
 * the Graph secret and the client state by reference, from the environment), ticked by the process
 * start. Prints the pass's counts as one JSON line. A subscription not renewed ({@link
 * RenewalFailedException}) or the store or Graph unreachable is {@link OneShot#FAILED}: the next
 * run, 10 minutes later, tries again; a missing setting or refused credentials {@link
 * OneShot#CONFIGURATION}.
 */
record TeamsRenewOnce(FunctionSettings settings, SecretRefs secrets, VendorEndpoints endpoints) {
  static TeamsRenewOnce fromEnvironment() {
    return new TeamsRenewOnce(
        FunctionSettings.fromEnvironment(), SecretRefs.system(), VendorEndpoints.production());
  }

  int run(PrintStream out, PrintStream err) {
    return OneShot.run(
        "teams renew",
        "the pass did not complete (the next run tries again)",
        () -> {
          StageFunctions functions = new StageFunctions(settings, endpoints.clock());
          return new TeamsRenewEntry(
                  settings, functions::pipeline, functions.store(), secrets, endpoints)
              .handle(new byte[0], Map.of());
        },
        out,
        err);
  }
}
