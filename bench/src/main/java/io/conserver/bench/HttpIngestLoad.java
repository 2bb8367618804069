package io.conserver.bench;

import io.conserver.vcon.VconUuid;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Load generator for {@code POST /v1/{tenant}/vcons}: {@code concurrency} kept-alive connections
 * ({@link PlainHttpConnection}) each post ~700-byte vCons (a fresh uuid each, so every request is a
 * real store write) back to back for {@code seconds}, after a warm-up. Prints requests per second
 * and latency percentiles; any answer other than 202 counts as an error and is reported. Run by
 * {@code bench/http}, never in CI.
 *
 * <p>With {@code -Dbench.rate=R} (requests per second, all connections together) the measured runs
 * are paced instead: connection {@code w} sends its {@code k}-th request at the planned time {@code
 * (k * concurrency + w) / R} after the start, and its latency counts from that planned time, not
 * from when it was actually sent. A server that stalls therefore delays every request planned
 * during the stall and they all count as slow (no coordinated omission), which is what a client
 * sending at that rate would see. The warm-ups are paced at the same rate, so the measured run sees
 * the steady state at that rate. Runs longer than 10 s also print, on stderr, the p99 and maximum
 * of each 10 s slice (by planned send time).
 *
 * <p>Usage: {@code HttpIngestLoad BASE_URL TENANT API_KEY SECONDS CONCURRENCY...}
 */
public final class HttpIngestLoad {
  private HttpIngestLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println("usage: HttpIngestLoad BASE_URL TENANT API_KEY SECONDS CONCURRENCY...");
      System.exit(2);
    }
    URI target = URI.create(args[0] + "/v1/" + args[1] + "/vcons");
    String key = args[2];
    int seconds = Integer.parseInt(args[3]);
    double rate = Double.parseDouble(System.getProperty("bench.rate", "0"));
    System.out.printf(
        "%-11s %9s %9s %9s %9s %9s %7s %s%n",
        "concurrency", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors", "vCon bytes");
    for (int i = 4; i < args.length; i++) {
      int concurrency = Integer.parseInt(args[i]);
      // Warm-up, not reported. Paced like the measured run when a rate is set: an unpaced burst
      // (~2.7x the rate) leaves the page cache a backlog whose writeback lands in the measured
      // window, which then measures the burst's aftermath instead of the steady state at the rate.
      run(target, key, concurrency, Math.min(5, seconds), rate);
      Result r = run(target, key, concurrency, seconds, rate);
      System.out.printf(
          "%-11d %9d %9.0f %9.2f %9.2f %9.2f %7d %d%n",
          concurrency,
          r.latencies.count(),
          r.latencies.count() / r.seconds,
          r.latencies.millis(50),
          r.latencies.millis(99),
          r.latencies.millis(100),
          r.errors,
          r.bodyBytes);
    }
  }

  /**
   * The measured run's latencies are also reported per slice of this length ({@code
   * -Dbench.slice-seconds}, default 10), to show when the slow ones came.
   */
  private static final int SLICE_SECONDS = Integer.getInteger("bench.slice-seconds", 10);

  private record Result(Latencies latencies, long errors, double seconds, int bodyBytes) {}

  /** {@code rate} 0: each connection sends its next request as soon as the last is answered. */
  private static Result run(URI target, String key, int concurrency, int seconds, double rate)
      throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Future<long[]>> workers = new ArrayList<>();
    long[] errors = new long[concurrency];
    int[] bodyBytes = new int[1];
    long start = System.nanoTime();
    for (int w = 0; w < concurrency; w++) {
      int worker = w;
      workers.add(
          pool.submit(
              () -> {
                try (PlainHttpConnection connection =
                    new PlainHttpConnection(target, "Bearer " + key)) {
                  long[] nanos = new long[1 << 16];
                  long[] sentAt = new long[nanos.length];
                  int n = 0;
                  for (long k = 0; !stop.get(); k++) {
                    long planned =
                        rate > 0 ? start + (long) ((k * concurrency + worker) * 1e9 / rate) : 0;
                    if (rate > 0) {
                      Pacing.awaitPlanned(planned, stop::get);
                    }
                    byte[] body = vcon().getBytes(StandardCharsets.UTF_8);
                    bodyBytes[0] = body.length;
                    long t0 = rate > 0 ? planned : System.nanoTime();
                    int status = connection.post(body);
                    long elapsed = System.nanoTime() - t0;
                    if (status != 202) {
                      errors[worker]++;
                    }
                    if (n == nanos.length) {
                      nanos = java.util.Arrays.copyOf(nanos, n * 2);
                      sentAt = java.util.Arrays.copyOf(sentAt, n * 2);
                    }
                    sentAt[n] = t0 - start;
                    nanos[n++] = elapsed;
                  }
                  long[] pairs = new long[2 * n]; // (sent, latency) pairs
                  for (int i = 0; i < n; i++) {
                    pairs[2 * i] = sentAt[i];
                    pairs[2 * i + 1] = nanos[i];
                  }
                  return pairs;
                }
              }));
    }
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    int slices = (seconds + SLICE_SECONDS - 1) / SLICE_SECONDS;
    List<List<Long>> bySlice = new ArrayList<>();
    for (int i = 0; i < slices; i++) {
      bySlice.add(new ArrayList<>());
    }
    List<Long> all = new ArrayList<>();
    for (Future<long[]> f : workers) {
      long[] pairs = f.get();
      for (int i = 0; i < pairs.length; i += 2) {
        int slice = (int) Math.min(slices - 1, pairs[i] / (SLICE_SECONDS * 1_000_000_000L));
        bySlice.get(slice).add(pairs[i + 1]);
        all.add(pairs[i + 1]);
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (slices > 1) {
      StringBuilder line = new StringBuilder("p99 (max) per " + SLICE_SECONDS + " s, ms:");
      for (List<Long> slice : bySlice) {
        Latencies l = new Latencies(slice.stream().mapToLong(Long::longValue).toArray());
        line.append(String.format(" %.1f (%.0f)", l.millis(99), l.millis(100)));
      }
      System.err.println(line);
    }
    pool.shutdown();
    long errorCount = 0;
    for (long e : errors) {
      errorCount += e;
    }
    return new Result(
        new Latencies(all.stream().mapToLong(Long::longValue).toArray()),
        errorCount,
        elapsed,
        bodyBytes[0]);
  }

  /** The request body (bench/src/main/resources; the wrk script posts the same file). */
  private static final String TEMPLATE = template();

  private static String template() {
    try (java.io.InputStream in =
        HttpIngestLoad.class.getResourceAsStream("/http-ingest-vcon.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A small two-party chat vCon (about 700 bytes) under a fresh uuid. */
  static String vcon() {
    return TEMPLATE.replace("UUID", VconUuid.generate("bench.conserver.invalid").toString());
  }
}
