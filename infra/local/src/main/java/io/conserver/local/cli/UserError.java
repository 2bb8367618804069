package io.conserver.local.cli;

/** A mistake of the user's (bad file, bad key...): printed as one line, exit code 1. */
public final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserError(String message) {
    super(message);
  }
}
