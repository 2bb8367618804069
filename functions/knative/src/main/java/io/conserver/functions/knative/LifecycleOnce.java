package io.conserver.functions.knative;

import io.conserver.functions.export.LifecycleEntry;
import io.conserver.platform.funqy.FunctionSettings;
import io.conserver.platform.funqy.StageFunctions;
import io.conserver.platform.pipeline.PipelineDeclarationException;
import io.conserver.platform.secrets.SecretReferenceException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * One lifecycle run (expiry, erase requests, receipts) for the tenant the environment names, as a
 * Kubernetes CronJob runs it: the export module's {@link LifecycleEntry} with the same settings the
 * AWS and GCP lifecycle functions get ({@code CONSERVER_TENANT}, {@code CONSERVER_BUCKET}, the
 * store's, {@code CONSERVER_PIPELINES_JSON}, {@code CONSERVER_PARTY_INDEX_KEY}, {@code
 * CONSERVER_RECEIPT_KEY}), ticked by the process start. Prints the run's summary as one JSON line
 * and returns the exit status: 0 when the run completed, {@link #CONFIGURATION} when a setting is
 * missing or wrong, {@link #FAILED} when the run stopped (the store unreachable, say; the next run
 * resumes it). A failure is one line on stderr, never a stack trace.
 */
final class LifecycleOnce {
  static final int FAILED = 1;
  static final int CONFIGURATION = 2;
  static final int USAGE = 2;

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
    try {
      LifecycleEntry entry =
          new LifecycleEntry(settings, new StageFunctions(settings, clock).store(), clock);
      out.println(entry.handle(new byte[0], Map.of()));
      return 0;
    } catch (IllegalStateException
        | IllegalArgumentException
        | PipelineDeclarationException
        | SecretReferenceException e) {
      err.println("lifecycle: configuration error: " + oneLine(e));
      return CONFIGURATION;
    } catch (Exception e) {
      err.println("lifecycle: the run did not complete (the next run resumes it): " + oneLine(e));
      return FAILED;
    }
  }

  /** The exception and its causes' messages on one line (they never hold a secret's value). */
  static String oneLine(Throwable e) {
    StringBuilder line = new StringBuilder();
    for (Throwable t = e; t != null && line.length() < 1000; t = t.getCause()) {
      String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (line.indexOf(message) < 0) {
        line.append(line.length() > 0 ? ": " : "").append(message);
      }
    }
    return line.toString().replaceAll("\\s+", " ").strip();
  }
}
