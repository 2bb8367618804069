package io.conserver.local.cli;

import io.conserver.local.config.DataVolumeCheck;
import io.conserver.local.config.LocalConfig;
import io.conserver.local.runtime.LocalRuntime;
import io.conserver.local.runtime.TenantErase;
import io.conserver.local.runtime.TenantLifecycle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Process events on the embedded runtime: every declared pipeline, every stage.",
      "--once: process what is pending and exit 0 when every queue is drained",
      "(quarantined items included: their count is printed); 1 only when the",
      "runtime itself failed.",
      "Without --once: serve until stopped (Ctrl-C): the HTTP API on --bind:--port,",
      "and the runtime of --tenant and of every tenant with API keys, picking up",
      "new drops as they come.",
      "--api-only: serve the API without running stages; submissions wait in the",
      "inbox for another process on the same --data (run --once, or a second run)."
    })
final class RunCommand extends CliCommand {
  /** Exit codes of a server stopped by a signal (SIGINT, SIGTERM): a normal stop. */
  private static final List<Integer> STOPPED = List.of(0, 130, 143);

  @Option(names = "--once", description = "Drain the queues, print a summary and exit.")
  boolean once;

  @Option(
      names = "--api-only",
      description =
          "Serve the HTTP API only: accepted submissions are stored, and the stages run in another"
              + " process on the same data directory (run --once, or a second run).")
  boolean apiOnly;

  @Option(names = "--quiet", description = "Fewer progress lines (one per 100 events).")
  boolean quiet;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "Address the HTTP API listens on (default: 127.0.0.1, this machine only).")
  String bind = "127.0.0.1";

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Port of the HTTP API (default: 8080; 0 picks a free one).")
  int port = 8080;

  @Override
  public Integer call() throws Exception {
    if (!once) {
      return serve();
    }
    if (apiOnly) {
      throw new UserError(
          "--api-only serves the API without processing; --once processes without serving: use one");
    }
    Workspace workspace = new Workspace(global());
    long start = System.nanoTime();
    try (LocalRuntime runtime = workspace.runtime(new RunReport(err(), quiet))) {
      // Erase requests a crash interrupted finish first, so their drops are not processed again.
      try {
        TenantErase.service(workspace.tenant(), workspace.pipelines(), Clock.systemUTC())
            .resumeUnfinished(message -> err().println("erase: " + message));
      } catch (Exception e) {
        err()
            .println(
                "erase: an unfinished request could not finish yet ("
                    + e.getMessage()
                    + "); it will be retried on the next run");
      }
      runLifecycle(workspace);
      int queued = runtime.resume();
      err()
          .println(
              "conserver: tenant '"
                  + global().tenant()
                  + "', "
                  + queued
                  + " pending object(s), data in "
                  + workspace.tenant().root());
      runtime.awaitIdle();
      RunReport.printSummary(out(), runtime.stats(), (System.nanoTime() - start) / 1e9);
      return ExitCodes.OK;
    }
  }

  /** Expires what retention says is due before the queues run; a failure only postpones it. */
  private void runLifecycle(Workspace workspace) {
    try {
      var state =
          TenantLifecycle.service(workspace.tenant(), workspace.pipelines(), Clock.systemUTC())
              .run(message -> {});
      if (state.has("receipt")) {
        err().println("lifecycle: expired what was due, receipt " + state.path("receipt").asText());
      }
    } catch (Exception e) {
      err()
          .println(
              "lifecycle: the expiry run could not finish yet ("
                  + e.getMessage()
                  + "); it will be retried on the next run");
    }
  }

  /**
   * Runs the HTTP server (module infra/server, a Quarkus application) as a child JVM with this
   * command's settings, its output on this terminal; Ctrl-C reaches both processes (same process
   * group), and a stop of this process or of this thread stops the child too.
   */
  private int serve() throws InterruptedException, IOException {
    if (port < 0 || port > 65535) {
      throw new UserError("--port must be between 0 and 65535: " + port);
    }
    Workspace workspace = new Workspace(global());
    workspace.pipelines(); // fail here, with the CLI's message, when the declarations are missing
    Path data = global().data().toAbsolutePath().normalize();
    LocalConfig.ensureExists(data);
    Path jar = serverJar();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String javaOptions = System.getenv("CONSERVER_SERVER_JAVA_OPTS");
    if (javaOptions != null && !javaOptions.isBlank()) {
      command.addAll(List.of(javaOptions.trim().split("\\s+")));
    }
    command.add("-Dconserver.data=" + data);
    command.add("-Dconserver.home=" + Workspace.home());
    command.add("-Dconserver.tenants=" + global().tenant());
    command.add("-Dquarkus.http.host=" + bind);
    command.add("-Dquarkus.http.port=" + port);
    if (apiOnly) {
      command.add("-Dconserver.runtime.stages=false");
    }
    command.add("-jar");
    command.add(jar.toString());
    err()
        .println(
            "conserver: serving the HTTP API on http://"
                + (bind.contains(":") ? "[" + bind + "]" : bind)
                + ":"
                + port
                + (apiOnly ? " for tenant '" : " and running tenant '")
                + global().tenant()
                + "' (data in "
                + data
                + "); Ctrl-C to stop");
    if (apiOnly) {
      err()
          .println(
              "conserver: API only: submissions wait in the inbox; run the stages with"
                  + " `conserver run --once --data "
                  + data
                  + "` (or a second `conserver run --port N` on the same data)");
    }
    DataVolumeCheck.warning(data).ifPresent(w -> err().println("conserver: warning: " + w));
    if (LocalConfig.apiKeys(data, global().tenant()).isEmpty()) {
      err()
          .println(
              "conserver: tenant '"
                  + global().tenant()
                  + "' has no API key yet: ./conserver apikey create --tenant "
                  + global().tenant());
    }
    err().flush();
    Process server = new ProcessBuilder(command).inheritIO().start();
    Thread stopServer = new Thread(() -> stop(server), "conserver-stop-server");
    Runtime.getRuntime().addShutdownHook(stopServer);
    try {
      int code = server.waitFor();
      if (STOPPED.contains(code)) {
        return ExitCodes.OK;
      }
      err().println("conserver: the HTTP server stopped with exit code " + code);
      return ExitCodes.FAILED;
    } catch (InterruptedException e) {
      stop(server);
      return ExitCodes.OK;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopServer);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run: it stops the server
      }
    }
  }

  private static void stop(Process server) {
    if (!server.isAlive()) {
      return;
    }
    server.destroy(); // SIGTERM: Quarkus shuts down gracefully
    try {
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    } catch (InterruptedException e) {
      server.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The server's fast-jar: beside the sources ({@code conserver.home}), or as configured. */
  static Path serverJar() {
    String configured = System.getProperty("conserver.server.jar");
    Path jar =
        configured != null
            ? Path.of(configured)
            : Workspace.home().resolve("infra/server/target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new UserError(
          "the HTTP server is not built ("
              + jar
              + " is missing): ./conserver builds it, or run"
              + " ./mvnw -B -q -DskipTests -pl infra/server -am package");
    }
    return jar;
  }
}
