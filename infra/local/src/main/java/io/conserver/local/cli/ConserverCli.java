package io.conserver.local.cli;

import io.conserver.vcon.VconException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code conserver} command line. */
@Command(
    name = "conserver",
    mixinStandardHelpOptions = true,
    versionProvider = ConserverCli.Version.class,
    description = {
      "Conserver: extract, transform, store and govern vCons (IETF virtual conversation records).",
      "",
      "Results go to stdout; progress and diagnostics to stderr.",
      "Exit codes: 0 done, 1 failed or invalid input, 2 usage error."
    },
    subcommands = {
      DemoCommand.class,
      IngestCommand.class,
      RunCommand.class,
      ApiKeyCommand.class,
      StatusCommand.class,
      UsageCommand.class,
      QuarantineCommand.class,
      ShowCommand.class,
      AuditCommand.class,
      EraseCommand.class,
      HoldCommand.class,
      LifecycleCommand.class,
      ConsentCommand.class,
      TeamsCommand.class,
      InvokeCommand.class,
      ValidateCommand.class,
      HashCommand.class,
      SignCommand.class,
      VerifyCommand.class,
      EncryptCommand.class,
      DecryptCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ConserverCli implements Runnable {
  @Spec CommandSpec spec;

  // Held here so the configured levels are not lost when the loggers are garbage-collected.
  private static final Logger ROOT_LOGGER = Logger.getLogger("");
  private static final Logger RUNNER_LOGGER = Logger.getLogger("io.conserver.platform.runner");

  @Mixin GlobalOptions global;

  public static void main(String[] args) {
    configureLogging();
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  // One line per message on stderr. Stage outcomes are reported by the commands themselves, so
  // the runner's per-event log lines (meant for cloud logs) stay quiet here.
  private static void configureLogging() {
    System.setProperty("java.util.logging.SimpleFormatter.format", "conserver: %4$s: %5$s%6$s%n");
    ROOT_LOGGER.setLevel(Level.WARNING);
    RUNNER_LOGGER.setLevel(Level.SEVERE);
  }

  /** Runs one command line, writing to the given streams; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new ConserverCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(ConserverCli::reportFailure);
    cli.setParameterExceptionHandler(ConserverCli::reportUsageError);
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  // A user's mistake is one readable line; a bug in Conserver is a stack trace plus a hint.
  private static int reportFailure(
      Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
    PrintWriter err = cli.getErr();
    String message = userMessage(e);
    if (message != null) {
      err.println("error: " + message);
    } else {
      err.println("internal error (please report): " + e);
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.FAILED;
  }

  private static int reportUsageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println("error: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Run '" + cli.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return ExitCodes.USAGE;
  }

  private static String userMessage(Throwable e) {
    if (e instanceof UserError || e instanceof VconException) {
      return e.getMessage();
    }
    if (e instanceof UncheckedIOException unchecked) {
      return userMessage(unchecked.getCause());
    }
    if (e instanceof NoSuchFileException missing) {
      return missing.getFile() + ": no such file";
    }
    if (e instanceof AccessDeniedException denied) {
      return denied.getFile() + ": permission denied";
    }
    if (e instanceof java.io.IOException io) {
      return "I/O error: " + io.getMessage();
    }
    return null;
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ConserverCli.class.getPackage().getImplementationVersion();
      return new String[] {
        "conserver " + (version == null ? "(development build)" : version),
        "Java " + System.getProperty("java.version")
      };
    }
  }
}
