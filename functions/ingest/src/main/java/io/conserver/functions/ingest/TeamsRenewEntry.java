package io.conserver.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.ingest.vendor.TeamsGraph;
import io.conserver.functions.ingest.vendor.TeamsRenewal;
import io.conserver.functions.ingest.vendor.TeamsSubscriptionKeeper.Renewal;
import io.conserver.functions.ingest.vendor.VendorEndpoints;
import io.conserver.platform.events.ScheduleEvent;
import io.conserver.platform.funqy.FunctionSettings;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.BlobStore;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the {@code teams-renew} function does with a schedule tick: one {@link TeamsRenewal} pass
 * for the deployment's tenant, with the Graph app of the declaration's ingest stage ({@code
 * options.fetch_media.teams}, its secret by reference) and the webhook's client state from the
 * reference in {@value #CLIENT_STATE_REF} (needed to re-create a subscription Graph removed). Logs
 * one summary line (counts and Graph's error code, never a token or the client state) and throws
 * when anything failed, so the platform counts an error and the alarm fires; a repeated tick only
 * renews what is still due. Run by the cloud functions ({@link TeamsRenewFunction}) and the
 * Kubernetes CronJob (functions/knative {@code TeamsRenewOnce}).
 */
public final class TeamsRenewEntry {
  static final String CLIENT_STATE_REF = "conserver.teams-client-state-ref";
  private static final Logger LOG = Logger.getLogger(TeamsRenewEntry.class.getName());

  private final FunctionSettings settings;
  private final Supplier<PipelineDeclaration> pipeline;
  private final BlobStore store;
  private final SecretRefs secrets;
  private final VendorEndpoints endpoints;

  /** A pass ran and at least one subscription was neither renewed nor re-created. */
  public static final class RenewalFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    RenewalFailedException(String summary) {
      super(summary);
    }
  }

  public TeamsRenewEntry(
      FunctionSettings settings,
      Supplier<PipelineDeclaration> pipeline,
      BlobStore store,
      SecretRefs secrets,
      VendorEndpoints endpoints) {
    this.settings = settings;
    this.pipeline = pipeline;
    this.store = store;
    this.secrets = secrets;
    this.endpoints = endpoints;
  }

  /**
   * Runs one pass; returns its counts.
   *
   * @param body the tick as the scheduler sends it ({@link ScheduleEvent}: a rule's constant input,
   *     a scheduled event, a Pub/Sub message)
   * @param headers its HTTP headers, empty when there are none
   * @throws IllegalArgumentException for what is not a tick, or a tick naming another tenant
   * @throws IllegalStateException for a missing setting or a declaration without the Graph app
   * @throws RenewalFailedException when a subscription could not be renewed or re-created (the next
   *     tick tries again)
   */
  public ObjectNode handle(byte[] body, Map<String, String> headers) throws Exception {
    String tenant = settings.required("conserver.tenant");
    ScheduleEvent.decode(body, headers).forTenant(tenant);
    Renewal renewal;
    try {
      PipelineDeclaration declaration = pipeline.get();
      JsonNode app =
          TeamsRenewal.settings(List.of(declaration))
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "pipeline '"
                              + declaration.name()
                              + "' declares no "
                              + TeamsGraph.OPTION
                              + " on its ingest stage: nothing to renew with"));
      String clientState = secrets.resolve(CLIENT_STATE_REF, settings.required(CLIENT_STATE_REF));
      renewal = TeamsRenewal.run(store, app, secrets, endpoints, clientState);
    } catch (Exception e) {
      LOG.severe(() -> "teams renew, tenant " + tenant + ": not run: " + e.getMessage());
      throw e;
    }
    String line = "teams renew, tenant " + tenant + ": " + renewal.summary();
    LOG.log(renewal.failed() > 0 ? Level.SEVERE : Level.INFO, line);
    if (renewal.failed() > 0) {
      throw new RenewalFailedException(line);
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("renewed", renewal.renewed());
    out.put("recreated", renewal.recreated());
    out.put("failed", renewal.failed());
    out.put("not_due", renewal.unchanged());
    return out;
  }
}
