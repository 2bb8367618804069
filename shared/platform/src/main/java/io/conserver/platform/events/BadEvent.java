package io.conserver.platform.events;

/**
 * Internal signal that an event is poison; formats turn it into {@link Outcome.Undecodable}. It
 * never leaves the package and carries no stack trace (it is control flow, not a fault).
 */
final class BadEvent extends RuntimeException {
  BadEvent(String reason) {
    super(reason, null, false, false);
  }

  /** The same problem, located ("record 2: ..."). */
  BadEvent at(String where) {
    return new BadEvent(where + ": " + getMessage());
  }
}
