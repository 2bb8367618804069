package io.conserver.functions.cloudexport;

import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.StageDeclaration;
import io.conserver.platform.runner.HandoffStores;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.BlobStore;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The cloud buckets the tenant's export-to-cloud stages hand copies to, opened as the stage opens
 * them (same options, same credential references), so erase can write its requests there: the erase
 * engine knows a copy only by the destination its ledger recorded ({@code s3://bucket/key}).
 */
public final class HandoffDestinations implements HandoffStores {
  private final List<StageDeclaration> stages;
  private final DestinationStores destinations;

  public HandoffDestinations(Collection<PipelineDeclaration> pipelines, SecretRefs secrets) {
    this.stages =
        pipelines.stream()
            .flatMap(p -> p.stages().stream())
            .filter(s -> s.function().equals(ExportToCloudTransformation.FUNCTION))
            .toList();
    this.destinations = new DestinationStores(secrets);
  }

  @Override
  public Optional<BlobStore> open(String scheme, String bucket) throws Exception {
    for (StageDeclaration stage : stages) {
      CloudExportOptions options = CloudExportOptions.of(stage.options());
      if (!options.store().equals(scheme)) {
        continue;
      }
      BlobStore store = destinations.open(options);
      if (store.bucket().equals(bucket)) {
        return Optional.of(store);
      }
    }
    return Optional.empty();
  }
}
