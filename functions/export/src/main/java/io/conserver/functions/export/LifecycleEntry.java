package io.conserver.functions.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.erase.EraseService;
import io.conserver.platform.erase.ReceiptSigner;
import io.conserver.platform.events.ScheduleEvent;
import io.conserver.platform.funqy.FunctionSettings;
import io.conserver.platform.lifecycle.LifecycleService;
import io.conserver.platform.lifecycle.ReceiptKeyPem;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.secrets.SecretValues;
import io.conserver.platform.storage.BlobStore;
import io.conserver.vcon.VconJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * What the lifecycle function does with a schedule tick: decode it ({@link ScheduleEvent}), refuse
 * another tenant's, finish unfinished erase requests and answer those a hybrid tenant's premises
 * handed to this bucket ({@link EraseService#resumeUnfinished}), and run the tenant's {@link
 * LifecycleService} at the function's own clock over every pipeline of the tenant. It lives beside
 * the export stage because expiry reaches the sinks through {@link ExportSinkPort}. Configuration,
 * as Terraform sets it: {@code conserver.tenant}, {@code conserver.pipelines-json} (a JSON array of
 * declarations), {@code conserver.party-index-key} (base64) and {@code conserver.receipt-key},
 * besides the store's. The receipt key is the PEM itself (GCP injects it from Secret Manager) or a
 * reference to it that a {@link SecretValues} resolver of the package fetches once per process
 * (AWS: the Secrets Manager ARN, resolved by shared/platform-aws, so this module stays
 * cloud-neutral).
 */
public final class LifecycleEntry {
  private static final Logger LOG = Logger.getLogger(LifecycleEntry.class.getName());

  private final FunctionSettings settings;
  private final BlobStore store;
  private final Clock clock;
  private final SecretValues secrets;

  public LifecycleEntry(FunctionSettings settings, BlobStore store, Clock clock) {
    this(settings, store, clock, SecretValues.system());
  }

  LifecycleEntry(FunctionSettings settings, BlobStore store, Clock clock, SecretValues secrets) {
    this.settings = settings;
    this.store = store;
    this.clock = clock;
    this.secrets = secrets;
  }

  /**
   * Runs for one tick; returns the run's summary.
   *
   * @throws IllegalArgumentException for a tick that is not one, or names another tenant
   */
  public ObjectNode handle(byte[] body, Map<String, String> headers) throws Exception {
    String tenant = settings.required("conserver.tenant");
    ScheduleEvent.Tick tick = ScheduleEvent.decode(body, headers).forTenant(tenant);
    Map<String, PipelineDeclaration> pipelines = pipelines();
    byte[] partyIndexKey =
        Base64.getDecoder().decode(settings.required("conserver.party-index-key").strip());
    MediaStore media = new MediaStore(store, MediaStore.defaultBaseUrl(tenant));
    ReceiptSigner signer = new ReceiptSigner(ReceiptKeyPem.parse(receiptKeyPem()));
    ExportSinkPort sinks = new ExportSinkPort(store, tenant, pipelines, SecretRefs.system(), clock);
    // Erase requests first: unfinished ones, and those a hybrid tenant's premises handed here.
    List<String> erased =
        new EraseService(store, tenant, partyIndexKey, media, signer, sinks, clock)
            .resumeUnfinished(LOG::info);
    LifecycleService service =
        new LifecycleService(
            store, tenant, pipelines.values(), partyIndexKey, media, signer, sinks, clock);
    ObjectNode summary = LifecycleService.summary(service.run(LOG::info));
    erased.forEach(summary.withArray("erase_requests_resumed")::add);
    ObjectNode tickJson = summary.putObject("tick");
    tickJson.put("source", tick.source());
    tick.scheduledAt().ifPresent(t -> tickJson.put("scheduled_at", t.toString()));
    LOG.info(() -> "lifecycle " + summary.path("run").asText() + ": " + summary.path("counts"));
    return summary;
  }

  private String receiptKeyPem() throws SecretReferenceException {
    String setting = "conserver.receipt-key";
    return secrets.resolve(setting, settings.required(setting), ReceiptKeyPem::isPem);
  }

  private Map<String, PipelineDeclaration> pipelines() {
    JsonNode array =
        VconJson.codec()
            .read(settings.required("conserver.pipelines-json").getBytes(StandardCharsets.UTF_8));
    if (!array.isArray() || array.isEmpty()) {
      throw new IllegalStateException("conserver.pipelines-json must be a JSON array of pipelines");
    }
    Map<String, PipelineDeclaration> pipelines = new LinkedHashMap<>();
    for (int i = 0; i < array.size(); i++) {
      PipelineDeclaration declaration =
          PipelineParser.parse(
              VconJson.codec().write(array.get(i)), "conserver.pipelines-json/" + i);
      pipelines.put(declaration.name(), declaration);
    }
    return pipelines;
  }
}
