package io.conserver.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.StageDeclaration;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.vcon.VconJson;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Per pipeline and stage of the tenant: stored vCons, quarantined items and the last error.")
final class StatusCommand extends CliCommand {
  @Override
  public Integer call() {
    Workspace workspace = new Workspace(global());
    BlobStore store = workspace.tenant().store();
    out().printf("tenant %s (%s)%n", global().tenant(), workspace.tenant().root());
    out()
        .printf(
            "%-12s %-12s %8s %12s  %s%n",
            "pipeline", "stage", "vcons", "quarantined", "last error");
    for (PipelineDeclaration pipeline : workspace.pipelines().values()) {
      out()
          .printf(
              "%-12s %-12s %8d %12s%n",
              pipeline.name(),
              "(inbox)",
              store.list(BucketLayout.inboxPrefix(pipeline.name())).size(),
              "");
      for (StageDeclaration stage : pipeline.stages()) {
        List<BlobMetadata> quarantined =
            store.list("quarantine/" + pipeline.name() + "/" + stage.name() + "/");
        out()
            .printf(
                "%-12s %-12s %8d %12d  %s%n",
                pipeline.name(),
                stage.name(),
                store.list(BucketLayout.stagePrefix(pipeline.name(), stage.name())).size(),
                quarantined.size(),
                lastError(store, quarantined).orElse("-"));
      }
    }
    return ExitCodes.OK;
  }

  private static Optional<String> lastError(BlobStore store, List<BlobMetadata> quarantined) {
    return quarantined.stream()
        .max(Comparator.comparing(BlobMetadata::lastModified))
        .map(
            latest -> {
              JsonNode record = VconJson.codec().read(store.getBytes(latest.key(), 1024 * 1024));
              return record.path("at").asText()
                  + " "
                  + record.path("error").path("message").asText();
            });
  }
}
