package io.conserver.functions.ingest.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.ingest.vendor.TeamsSubscriptionKeeper.Renewal;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.StageDeclaration;
import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.BlobStore;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * The scheduled renewal of a tenant's Teams subscriptions, as the cloud function ({@code
 * teams-renew}) and {@code conserver run} do it: every {@link #INTERVAL}, renew what expires within
 * {@link #WITHIN} (two chances before the 55-minute lifetime ends). A tenant has Teams when one of
 * its declarations gives an ingest stage {@code options.fetch_media.teams}, the Graph app the
 * subscriptions were made with.
 */
public final class TeamsRenewal {
  public static final Duration INTERVAL = Duration.ofMinutes(10);
  public static final Duration WITHIN = Duration.ofMinutes(20);

  private TeamsRenewal() {}

  /** The Graph app settings of the first declaration whose ingest stage names one. */
  public static Optional<JsonNode> settings(Collection<PipelineDeclaration> pipelines) {
    return pipelines.stream()
        .flatMap(p -> p.stages().stream())
        .filter(s -> "ingest".equals(s.function()))
        .map(StageDeclaration::options)
        .map(o -> o.path("fetch_media").path("teams"))
        .filter(JsonNode::isObject)
        .findFirst();
  }

  /**
   * One pass over the tenant's saved subscriptions; Graph is called only for those due.
   *
   * @throws StageMisconfiguredException when the app's settings or credentials are refused
   */
  public static Renewal run(
      BlobStore store,
      JsonNode settings,
      SecretRefs secrets,
      VendorEndpoints endpoints,
      String clientState)
      throws IOException, InterruptedException, StageMisconfiguredException {
    TeamsSubscriptionKeeper keeper =
        new TeamsSubscriptionKeeper(
            store, new TeamsSubscriptions(settings, secrets, endpoints), endpoints.clock());
    return keeper.renewDue(WITHIN, clientState);
  }
}
