package io.conserver.local.cli;

import java.nio.file.Path;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * Options every command accepts, before or after the command name. Tenant and pipeline names become
 * parts of storage keys, so they are checked here, once, against a strict pattern.
 */
public final class GlobalOptions {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  private Path data = Path.of(System.getenv().getOrDefault("CONSERVER_DATA", "conserver-data"));
  private String tenant = "default";
  private String pipeline = "default";

  @Option(
      names = "--data",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "Data directory of the local runtime (default: $CONSERVER_DATA or ./conserver-data).")
  void data(Path data) {
    this.data = data;
  }

  @Option(
      names = "--tenant",
      paramLabel = "T",
      scope = ScopeType.INHERIT,
      description = "Tenant to act for (default: default).")
  void tenant(String tenant) {
    this.tenant = checkedName("--tenant", tenant);
  }

  @Option(
      names = "--pipeline",
      paramLabel = "P",
      scope = ScopeType.INHERIT,
      description = "Pipeline declaration to use (default: default, the shipped pipeline).")
  void pipeline(String pipeline) {
    this.pipeline = checkedName("--pipeline", pipeline);
  }

  public Path data() {
    return data;
  }

  public String tenant() {
    return tenant;
  }

  public String pipeline() {
    return pipeline;
  }

  private String checkedName(String option, String value) {
    if (!NAME.matcher(value).matches()) {
      throw new ParameterException(
          mixee.commandLine(),
          option
              + " must be 1-63 lowercase letters, digits or '-', starting with a letter or digit: '"
              + value
              + "'");
    }
    return value;
  }
}
