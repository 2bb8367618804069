package io.conserver.functions.knative;

import io.conserver.platform.funqy.StageFunctions;
import io.quarkus.bootstrap.logging.InitialConfigurator;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * The image's one entry point ({@code java -jar quarkus-run.jar [args]}, see {@code Dockerfile}):
 * without arguments the Knative HTTP server (what a Knative Service runs); with {@code --lifecycle}
 * one lifecycle run for the tenant the environment names, then exit (what the k8s-tenant CronJob
 * runs) and with {@code --teams-renew} one Teams subscription renewal pass (the {@code teams-renew}
 * CronJob), decided before Quarkus starts so those runs open no port; with {@code
 * --appcds-training} the image build's training start. Any other argument is refused: a mistyped
 * CronJob argument must fail the job, not start a server that never exits.
 */
@QuarkusMain
public final class KnativeMain {
  static final String LIFECYCLE = "--lifecycle";
  static final String TEAMS_RENEW = "--teams-renew";
  static final String APPCDS_TRAINING = "--appcds-training";

  private KnativeMain() {}

  /**
   * Logging for the one-shot runs, which Quarkus (not started) does not configure: INFO and above
   * on stderr, in Quarkus' line format, so stdout holds the summary alone. Quarkus' buffering
   * handler gets the same console as its child, or it would dump every record it kept, DEBUG ones
   * included, at exit.
   */
  private static void logToStderr() {
    Handler console =
        new ConsoleHandler(
            ConsoleHandler.Target.SYSTEM_ERR,
            new PatternFormatter("%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c{3.}] %s%e%n"));
    console.setLevel(Level.INFO);
    Logger root = Logger.getLogger("");
    root.setLevel(Level.INFO);
    InitialConfigurator.DELAYED_HANDLER.setHandlers(new Handler[] {console});
    if (!List.of(root.getHandlers()).contains(InitialConfigurator.DELAYED_HANDLER)) {
      root.addHandler(console);
    }
  }

  /**
   * The image build's training start ({@code -XX:ArchiveClassesAtExit}, see {@code Dockerfile}):
   * Quarkus starts as for serving, the vCon codec and validator are loaded, and the process exits;
   * the JVM then archives every class loaded, so a serving start maps them instead of loading them.
   * Needs no configuration and serves nothing (Quarkus stops before a request could arrive).
   */
  public static final class StartOnce implements QuarkusApplication {
    @Override
    public int run(String... args) {
      StageFunctions.primeCodec();
      return 0;
    }
  }

  public static void main(String... args) {
    List<String> arguments = List.of(args);
    if (arguments.isEmpty()) {
      Quarkus.run(args);
    } else if (arguments.equals(List.of(APPCDS_TRAINING))) {
      Quarkus.run(StartOnce.class);
    } else if (arguments.equals(List.of(LIFECYCLE))) {
      logToStderr();
      System.exit(LifecycleOnce.fromEnvironment().run(System.out, System.err));
    } else if (arguments.equals(List.of(TEAMS_RENEW))) {
      logToStderr();
      System.exit(TeamsRenewOnce.fromEnvironment().run(System.out, System.err));
    } else {
      System.err.println(
          "conserver: unknown arguments "
              + arguments
              + " (none: serve the Knative function; "
              + LIFECYCLE
              + ": run the lifecycle once; "
              + TEAMS_RENEW
              + ": renew the Teams subscriptions once; "
              + APPCDS_TRAINING
              + ": start, load the vCon codec and exit, for an image build's class-data archive)");
      System.exit(OneShot.USAGE);
    }
  }
}
