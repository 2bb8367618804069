package io.conserver.local.cli;

/** The exit codes every command shares. */
public final class ExitCodes {
  /** Done; for checks: everything passed. */
  public static final int OK = 0;

  /** Failed, or the input was invalid. */
  public static final int FAILED = 1;

  /** The command line itself was wrong. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
