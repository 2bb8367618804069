package io.conserver.functions.knative;

import io.conserver.functions.export.LifecycleEntry;
import io.conserver.platform.funqy.FunctionSettings;
import io.conserver.platform.funqy.StageFunctions;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * One lifecycle run (expiry, erase requests, receipts) for the tenant the environment names, as a
 * Kubernetes CronJob runs it: the export module's {@link LifecycleEntry} with the same settings the
 * AWS and GCP lifecycle functions get ({@code CONSERVER_TENANT}, {@code CONSERVER_BUCKET}, the
 * store's, {@code CONSERVER_PIPELINES_JSON}, {@code CONSERVER_PARTY_INDEX_KEY}, {@code
 * CONSERVER_RECEIPT_KEY}), ticked by the process start. Prints the run's summary as one JSON line;
 * exit statuses and errors as every {@link OneShot} (the store unreachable: the next run resumes).
 */
final class LifecycleOnce {
  private final FunctionSettings settings;
  private final Clock clock;

  LifecycleOnce(FunctionSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  static LifecycleOnce fromEnvironment() {
    return new LifecycleOnce(FunctionSettings.fromEnvironment(), Clock.systemUTC());
  }

  int run(PrintStream out, PrintStream err) {
    return OneShot.run(
        "lifecycle",
        "the run did not complete (the next run resumes it)",
        () ->
            new LifecycleEntry(settings, new StageFunctions(settings, clock).store(), clock)
                .handle(new byte[0], Map.of()),
        out,
        err);
  }
}
