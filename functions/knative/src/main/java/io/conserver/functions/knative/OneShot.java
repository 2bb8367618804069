package io.conserver.functions.knative;

import io.conserver.platform.pipeline.PipelineDeclarationException;
import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.platform.secrets.SecretReferenceException;
import java.io.PrintStream;

/**
 * What every one-shot run of the image (a k8s-tenant CronJob: {@link LifecycleOnce}, {@link
 * TeamsRenewOnce}) does around its work: the work's summary as one line on stdout and status 0; a
 * missing or wrong setting (or credentials a service refuses) one line on stderr and {@link
 * #CONFIGURATION}; anything else (the store or a vendor unreachable, work left undone) one line and
 * {@link #FAILED}, which the Job retries and the next scheduled run resumes. Never a stack trace.
 */
final class OneShot {
  static final int FAILED = 1;
  static final int CONFIGURATION = 2;
  static final int USAGE = 2;

  /** The run's work: builds what it needs from the settings and returns its summary. */
  @FunctionalInterface
  interface Work {
    Object run() throws Exception;
  }

  private OneShot() {}

  /**
   * Runs the work once.
   *
   * @param name how its stderr lines begin ({@code lifecycle}, {@code teams renew})
   * @param failed what a failed run means for the next one, e.g. {@code the run did not complete
   *     (the next run resumes it)}
   */
  static int run(String name, String failed, Work work, PrintStream out, PrintStream err) {
    try {
      out.println(work.run());
      return 0;
    } catch (IllegalStateException
        | IllegalArgumentException
        | PipelineDeclarationException
        | SecretReferenceException
        | StageMisconfiguredException e) {
      err.println(name + ": configuration error: " + oneLine(e));
      return CONFIGURATION;
    } catch (Exception e) {
      err.println(name + ": " + failed + ": " + oneLine(e));
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
