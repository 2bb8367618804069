package io.conserver.local.cli;

import io.conserver.platform.BucketLayout;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.StageDeclaration;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.storage.BlobStore;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.VconUuid;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Print a conversation's latest vCon and its lineage.",
      "The vCon (its furthest stage in --pipeline) goes to stdout, pretty-printed; the lineage",
      "(the hash-chained ledger) to stderr."
    })
final class ShowCommand extends CliCommand {
  @Parameters(paramLabel = "UUID", description = "The conversation id (the vCon uuid).")
  String uuid;

  @Option(
      names = "--stage",
      paramLabel = "S",
      description = "Print this stage's copy instead of the latest.")
  String stage;

  @Override
  public Integer call() {
    if (!VconUuid.isCanonical(uuid)) {
      throw new UserError("not a uuid: " + uuid);
    }
    Workspace workspace = new Workspace(global());
    PipelineDeclaration pipeline = workspace.pipeline();
    BlobStore store = workspace.tenant().store();
    String key =
        chosenKey(pipeline, store)
            .orElseThrow(
                () -> new UserError("no vCon " + uuid + " in pipeline " + pipeline.name()));
    printJson(VconJson.codec().read(store.getBytes(key, 256L * 1024 * 1024)));
    Ledger ledger = new Ledger(store);
    err()
        .println(
            "lineage of "
                + uuid
                + (ledger.verifyChain(uuid) ? " (hash chain intact):" : " (HASH CHAIN BROKEN):"));
    ledger
        .records(uuid)
        .forEach(
            record ->
                err()
                    .printf(
                        "  #%d %s %-10s %-8s %s -> %s%n",
                        record.path("seq").asInt(),
                        record.path("at").asText(),
                        record.path("stage").asText(),
                        record.path("outcome").asText(),
                        record.path("input").path("key").asText(),
                        record.path("output").path("key").asText()));
    return ExitCodes.OK;
  }

  private Optional<String> chosenKey(PipelineDeclaration pipeline, BlobStore store) {
    if (stage != null) {
      if (pipeline.stage(stage).isEmpty()) {
        throw new UserError("pipeline " + pipeline.name() + " has no stage " + stage);
      }
      String key = BucketLayout.outputKey(pipeline.name(), stage, uuid);
      return store.head(key).map(m -> key);
    }
    List<StageDeclaration> stages = pipeline.stages();
    for (int i = stages.size() - 1; i >= 0; i--) {
      String key = BucketLayout.outputKey(pipeline.name(), stages.get(i).name(), uuid);
      if (store.head(key).isPresent()) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }
}
