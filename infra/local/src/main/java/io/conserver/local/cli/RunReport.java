package io.conserver.local.cli;

import io.conserver.local.runtime.LocalRuntime;
import io.conserver.local.runtime.StageStats;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.runner.StageOutcome;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Progress lines while a run works (stderr) and the per-stage summary at its end (stdout). */
final class RunReport implements LocalRuntime.ProgressListener {
  private final PrintWriter progress;
  private final boolean quiet;
  private final AtomicInteger done = new AtomicInteger();

  RunReport(PrintWriter progress, boolean quiet) {
    this.progress = progress;
    this.quiet = quiet;
  }

  @Override
  public void onOutcome(String pipeline, String stage, ObjectCreated event, StageOutcome outcome) {
    int n = done.incrementAndGet();
    if (outcome == StageOutcome.IGNORED || quiet && n % 100 != 0) {
      return;
    }
    String name = event.key().substring(event.key().lastIndexOf('/') + 1);
    synchronized (progress) {
      progress.printf(
          "[%4d] %-10s %-12s %-11s %s%n", n, pipeline, stage, outcome.name().toLowerCase(), name);
      progress.flush();
    }
  }

  static void printSummary(PrintWriter out, List<StageStats> stats, double seconds) {
    out.printf(
        "%-12s %-12s %6s %6s %12s %9s%n", "pipeline", "stage", "in", "out", "quarantined", "busy");
    for (StageStats s : stats) {
      out.printf(
          "%-12s %-12s %6d %6d %12d %8.2fs%n",
          s.pipeline(),
          s.stage(),
          s.in(),
          s.out(),
          s.count(StageOutcome.QUARANTINED),
          s.busySeconds());
    }
    out.printf("finished in %.2fs%n", seconds);
    out.flush();
  }
}
