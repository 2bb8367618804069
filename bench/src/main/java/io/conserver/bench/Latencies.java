package io.conserver.bench;

import java.util.Arrays;

/** Percentiles of a set of durations in nanoseconds (nearest-rank). */
final class Latencies {
  private final long[] sorted;

  Latencies(long[] nanos) {
    this.sorted = nanos.clone();
    Arrays.sort(sorted);
  }

  int count() {
    return sorted.length;
  }

  /** The {@code p}-th percentile in milliseconds, e.g. {@code millis(99)}. */
  double millis(double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }
}
