package io.conserver.local.runtime;

import io.conserver.functions.cloudexport.HandoffDestinations;
import io.conserver.functions.export.ExportSinkPort;
import io.conserver.platform.erase.EraseService;
import io.conserver.platform.erase.ReceiptSigner;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.BlobStore;
import java.time.Clock;
import java.util.Map;

/**
 * Erase for one local tenant: its bucket, its keys ({@code keys/party-index.key}, {@code
 * keys/receipt-signing.key}), its sinks, reached through the export module's port with the same
 * credential references the export stage resolves, and the cloud buckets its export-to-cloud stages
 * hand copies to (a hybrid tenant), where erase writes its requests.
 */
public final class TenantErase {
  private TenantErase() {}

  public static EraseService service(
      LocalTenant tenant, Map<String, PipelineDeclaration> pipelines, Clock clock) {
    BlobStore store = tenant.store();
    return new EraseService(
        store,
        tenant.tenant(),
        tenant.partyIndexKey(),
        new MediaStore(store, MediaStore.defaultBaseUrl(tenant.tenant())),
        new ReceiptSigner(tenant.receiptKeyPair()),
        new ExportSinkPort(store, tenant.tenant(), pipelines, SecretRefs.system(), clock),
        new HandoffDestinations(pipelines.values(), SecretRefs.system()),
        clock);
  }
}
