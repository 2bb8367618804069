package io.conserver.server.console;

import java.net.URI;

/**
 * A console request that ends in an error page or a redirect (never a stack trace, never the API's
 * problem JSON: a browser is reading).
 */
final class ConsoleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final transient URI location;

  private ConsoleException(int status, String message, URI location) {
    super(message, null, false, false);
    this.status = status;
    this.location = location;
  }

  static ConsoleException signIn() {
    return new ConsoleException(303, "sign in", URI.create("/console/sign-in"));
  }

  static ConsoleException notFound(String what) {
    return new ConsoleException(404, what, null);
  }

  static ConsoleException forbidden(String why) {
    return new ConsoleException(403, why, null);
  }

  static ConsoleException badRequest(String why) {
    return new ConsoleException(400, why, null);
  }
}
