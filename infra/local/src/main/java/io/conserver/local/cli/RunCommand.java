package io.conserver.local.cli;

import io.conserver.local.runtime.LocalRuntime;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Process events on the embedded runtime: every declared pipeline, every stage.",
      "--once: process what is pending and exit 0 when every queue is drained (quarantined",
      "items included: their count is printed); 1 only when the runtime itself failed.",
      "Without --once: keep running and pick up new inbox drops until stopped (Ctrl-C)."
    })
final class RunCommand extends CliCommand {
  @Option(names = "--once", description = "Drain the queues, print a summary and exit.")
  boolean once;

  @Option(names = "--quiet", description = "Fewer progress lines (one per 100 events).")
  boolean quiet;

  @Override
  public Integer call() throws InterruptedException {
    Workspace workspace = new Workspace(global());
    long start = System.nanoTime();
    try (LocalRuntime runtime = workspace.runtime(new RunReport(err(), quiet))) {
      int queued = runtime.resume();
      err()
          .println(
              "conserver: tenant '"
                  + global().tenant()
                  + "', "
                  + queued
                  + " pending object(s), data in "
                  + workspace.tenant().root());
      if (once) {
        runtime.awaitIdle();
        RunReport.printSummary(out(), runtime.stats(), (System.nanoTime() - start) / 1e9);
        return ExitCodes.OK;
      }
      err()
          .println(
              "conserver: running; drop files with `./conserver ingest FILE` (Ctrl-C to stop)");
      while (!Thread.currentThread().isInterrupted()) {
        runtime.awaitIdle();
        TimeUnit.SECONDS.sleep(1); // new drops may come from other processes: look again
        runtime.resume();
      }
      return ExitCodes.OK;
    }
  }
}
