package io.conserver.bench;

import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The file system under the API's write path, without the server: {@code threads} writers create
 * ~700-byte objects through the local store ({@link FileSystemBlobStore#putIfAbsent}, what a {@code
 * POST /v1/{tenant}/vcons} does before its 202) at a paced total rate, and the latency of each
 * counts from its planned start, as in {@link HttpIngestLoad}. The first 5 s are a warm-up and not
 * counted. A p99 far above a millisecond here means the folder's file system, not the server, sets
 * the API's tail (docs/BENCHMARKS.md: an ext4 without a journal after many deletions). Run by
 * {@code bench/disk}, never in CI.
 *
 * <p>Usage: {@code FileCreateLatency FOLDER SECONDS [RATE] [THREADS]} (defaults 1850 and 8).
 */
public final class FileCreateLatency {
  private static final long WARM_UP_NANOS = 5_000_000_000L;

  private FileCreateLatency() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: FileCreateLatency FOLDER SECONDS [RATE] [THREADS]");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    long seconds = Long.parseLong(args[1]);
    double rate = args.length > 2 ? Double.parseDouble(args[2]) : 1850;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    FileSystemBlobStore store =
        new FileSystemBlobStore("bench", folder.resolve("bucket"), folder.resolve("meta"));
    byte[] body = "x".repeat(700).getBytes(StandardCharsets.UTF_8);
    long periodNanos = (long) (1e9 * threads / rate);
    long start = System.nanoTime() + 100_000_000L;
    long end = start + WARM_UP_NANOS + seconds * 1_000_000_000L;

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<long[]>> writers = new ArrayList<>();
    for (int w = 0; w < threads; w++) {
      long first = start + w * periodNanos / threads;
      writers.add(pool.submit(() -> write(store, body, first, periodNanos, start, end)));
    }
    List<long[]> parts = new ArrayList<>();
    for (Future<long[]> writer : writers) {
      parts.add(writer.get());
    }
    pool.shutdown();
    long[] all = parts.stream().flatMapToLong(Arrays::stream).toArray();
    Latencies latencies = new Latencies(all);
    System.out.printf(
        "%s: %d writes at %.0f/s by %d threads: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms,"
            + " max %.2f ms%n",
        folder,
        latencies.count(),
        rate,
        threads,
        latencies.millis(50),
        latencies.millis(99),
        latencies.millis(99.9),
        latencies.millis(100));
  }

  /** One writer's paced loop; returns the latencies after the warm-up, from the planned times. */
  private static long[] write(
      FileSystemBlobStore store, byte[] body, long first, long period, long start, long end) {
    long[] latencies = new long[(int) ((end - start) / period) + 1];
    int n = 0;
    for (long planned = first; planned < end; planned += period) {
      Pacing.awaitPlanned(planned, () -> false);
      store.putBytesIfAbsent("inbox/" + UUID.randomUUID() + ".vcon.json", body, PutOptions.VCON);
      if (planned - start >= WARM_UP_NANOS && n < latencies.length) {
        latencies[n++] = System.nanoTime() - planned;
      }
    }
    return Arrays.copyOf(latencies, n);
  }
}
