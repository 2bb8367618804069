package io.conserver.local.cli;

import io.conserver.local.runtime.Functions;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.StageDeclaration;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.runner.StageTrigger;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.storage.BlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "invoke",
    mixinStandardHelpOptions = true,
    description = {
      "Run one function once with a trigger event (a local invoke).",
      "Like a cloud SDK's local invoke: the event (any format in events/: S3, SQS, EventBridge,",
      "GCS CloudEvent, Pub/Sub, direct) is decoded,",
      "and the stage of --pipeline that uses FUNCTION handles it against the local bucket.",
      "Only that stage runs (no chaining). Prints one line per delivery: id, outcomes, retry."
    })
final class InvokeCommand extends CliCommand {
  @Parameters(paramLabel = "FUNCTION", description = "Function name, e.g. ingest.")
  String function;

  @Option(
      names = "--event",
      paramLabel = "FILE",
      required = true,
      description = "Trigger event JSON, e.g. events/direct-invoke.json.")
  Path event;

  @Override
  public Integer call() throws Exception {
    Workspace workspace = new Workspace(global());
    PipelineDeclaration pipeline = workspace.pipeline();
    StageDeclaration stage =
        pipeline.stages().stream()
            .filter(s -> s.function().equals(function))
            .findFirst()
            .orElseThrow(
                () ->
                    new UserError(
                        "pipeline "
                            + pipeline.name()
                            + " has no stage using function "
                            + function));
    Transformation transformation = Functions.available().get(function);
    if (transformation == null) {
      throw new UserError(
          "this build has no function "
              + function
              + " (available: "
              + Functions.available().keySet()
              + ")");
    }
    BlobStore store = workspace.tenant().store();
    StageRunner runner =
        new StageRunner(
            store, global().tenant(), pipeline, stage.name(), transformation, Clock.systemUTC());
    StageTrigger trigger =
        new StageTrigger(runner, store, global().tenant(), pipeline.name(), Clock.systemUTC());
    List<StageTrigger.DeliveryResult> results =
        trigger.handle(Files.readAllBytes(readable(event)), Map.of());
    for (StageTrigger.DeliveryResult result : results) {
      out()
          .printf(
              "%s %s%s%n",
              result.messageId() == null ? "-" : result.messageId(),
              result.outcomes().stream().map(o -> o.name().toLowerCase()).toList(),
              result.retry() ? " (would be redelivered)" : "");
    }
    return results.stream().anyMatch(StageTrigger.DeliveryResult::retry)
        ? ExitCodes.FAILED
        : ExitCodes.OK;
  }
}
