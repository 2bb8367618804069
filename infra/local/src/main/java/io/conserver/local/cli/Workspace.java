package io.conserver.local.cli;

import io.conserver.local.runtime.Functions;
import io.conserver.local.runtime.LocalRuntime;
import io.conserver.local.runtime.LocalTenant;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineDeclarationException;
import io.conserver.platform.pipeline.PipelineParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What the runtime commands share: the tenant's folder under {@code --data} and the pipeline
 * declarations, read from the same {@code terraform/pipelines/} folder Terraform uses.
 */
final class Workspace {
  private final GlobalOptions global;

  Workspace(GlobalOptions global) {
    this.global = global;
  }

  LocalTenant tenant() {
    return new LocalTenant(global.data().toAbsolutePath().normalize(), global.tenant());
  }

  /**
   * The declarations folder: beside the launcher ({@code conserver.home}), else
   * ./terraform/pipelines.
   */
  static Path pipelinesFolder() {
    String home =
        System.getProperty("conserver.home", System.getenv().getOrDefault("CONSERVER_HOME", "."));
    return Path.of(home).resolve("terraform/pipelines").toAbsolutePath().normalize();
  }

  static Path home() {
    return Path.of(
            System.getProperty(
                "conserver.home", System.getenv().getOrDefault("CONSERVER_HOME", ".")))
        .toAbsolutePath()
        .normalize();
  }

  Map<String, PipelineDeclaration> pipelines() {
    Path folder = pipelinesFolder();
    if (!Files.isDirectory(folder)) {
      throw new UserError(
          "no pipeline declarations at " + folder + " (set CONSERVER_HOME to the repository)");
    }
    try {
      return PipelineParser.parseAll(folder);
    } catch (PipelineDeclarationException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** The selected pipeline ({@code --pipeline}), which must be declared. */
  PipelineDeclaration pipeline() {
    PipelineDeclaration pipeline = pipelines().get(global.pipeline());
    if (pipeline == null) {
      throw new UserError(
          "no pipeline '"
              + global.pipeline()
              + "' in "
              + pipelinesFolder()
              + " (declared: "
              + pipelines().keySet()
              + ")");
    }
    return pipeline;
  }

  LocalRuntime runtime(LocalRuntime.ProgressListener progress) {
    // Where stages find the tenant's key files (keys:NAME references, e.g. ingest's trust
    // anchors), as the server finds them through -Dconserver.data.
    System.setProperty("conserver.data", tenant().data().toString());
    try {
      return new LocalRuntime(
          tenant(), pipelines(), Functions.available(), Clock.systemUTC(), progress);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }
}
