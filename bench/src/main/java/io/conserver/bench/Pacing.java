package io.conserver.bench;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Paced load: wait for a request's planned send time (latency then counts from that time). */
final class Pacing {
  private Pacing() {}

  /** Parks until {@code plannedNanos} ({@link System#nanoTime} scale) or until {@code stopped}. */
  static void awaitPlanned(long plannedNanos, BooleanSupplier stopped) {
    for (long wait = plannedNanos - System.nanoTime();
        wait > 0 && !stopped.getAsBoolean();
        wait = plannedNanos - System.nanoTime()) {
      LockSupport.parkNanos(wait);
    }
  }
}
