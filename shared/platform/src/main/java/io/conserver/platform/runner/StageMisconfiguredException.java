package io.conserver.platform.runner;

/**
 * The stage cannot run as configured: a credential reference that names nothing, an engine binary
 * or language pair that is not installed, an option the stage refuses, a service refusing the
 * tenant's credentials. The input is not at fault and retrying will not help until an operator
 * fixes the configuration, so the runner quarantines at once (instead of burning the retry bound),
 * with this message; after the fix, {@code conserver quarantine retry} (or a redrive) runs it
 * again. The message must say what to fix and must not contain a secret or personal data.
 */
public final class StageMisconfiguredException extends Exception {
  private static final long serialVersionUID = 1L;

  public StageMisconfiguredException(String message) {
    super(message);
  }

  public StageMisconfiguredException(String message, Throwable cause) {
    super(message, cause);
  }
}
