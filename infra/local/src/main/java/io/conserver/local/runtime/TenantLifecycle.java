package io.conserver.local.runtime;

import io.conserver.functions.export.ExportSinkPort;
import io.conserver.platform.consent.ConsentService;
import io.conserver.platform.erase.ReceiptSigner;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.lifecycle.LifecycleService;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.BlobStore;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Retention and consent for one local tenant, wired like {@link TenantErase}: its bucket, its keys
 * and its sinks through the export module's port.
 */
public final class TenantLifecycle {
  private TenantLifecycle() {}

  public static LifecycleService service(
      LocalTenant tenant, Map<String, PipelineDeclaration> pipelines, Clock clock) {
    BlobStore store = tenant.store();
    return new LifecycleService(
        store,
        tenant.tenant(),
        pipelines.values(),
        tenant.partyIndexKey(),
        new MediaStore(store, MediaStore.defaultBaseUrl(tenant.tenant())),
        new ReceiptSigner(tenant.receiptKeyPair()),
        new ExportSinkPort(store, tenant.tenant(), pipelines, SecretRefs.system(), clock),
        clock);
  }

  public static ConsentService consent(
      LocalTenant tenant, Map<String, PipelineDeclaration> pipelines, Clock clock) {
    return new ConsentService(
        tenant.store(),
        pipelines.values(),
        new PartyIndex(tenant.store(), tenant.partyIndexKey()),
        Optional.of(TenantErase.service(tenant, pipelines, clock)),
        clock);
  }
}
