package io.conserver.functions.knative;

import io.quarkus.bootstrap.logging.InitialConfigurator;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The image's one entry point ({@code java -jar quarkus-run.jar [args]}, see {@code Dockerfile}):
 * without arguments the Knative HTTP server (what a Knative Service runs); with {@code --lifecycle}
 * one lifecycle run for the tenant the environment names, then exit (what the k8s-tenant CronJob
 * runs), decided before Quarkus starts so that run opens no port. Any other argument is refused: a
 * mistyped CronJob argument must fail the job, not start a server that never exits.
 */
@QuarkusMain
public final class KnativeMain {
  static final String LIFECYCLE = "--lifecycle";

  private KnativeMain() {}

  /**
   * Quarkus, not started for the one-shot run, would otherwise never configure its buffering log
   * handler, which then dumps every record, DEBUG ones included, at exit: its console handler
   * (Quarkus' line format, on stderr) at INFO instead.
   */
  private static void logToConsole() {
    Handler console = InitialConfigurator.createDefaultHandler();
    console.setLevel(Level.INFO);
    Logger.getLogger("").setLevel(Level.INFO);
    InitialConfigurator.DELAYED_HANDLER.setHandlers(new Handler[] {console});
  }

  public static void main(String... args) {
    List<String> arguments = List.of(args);
    if (arguments.isEmpty()) {
      Quarkus.run(args);
    } else if (arguments.equals(List.of(LIFECYCLE))) {
      logToConsole();
      System.exit(LifecycleOnce.fromEnvironment().run(System.out, System.err));
    } else {
      System.err.println(
          "conserver: unknown arguments "
              + arguments
              + " (none: serve the Knative function; "
              + LIFECYCLE
              + ": run the lifecycle once)");
      System.exit(LifecycleOnce.USAGE);
    }
  }
}
