package io.conserver.functions.aws;

import io.conserver.testing.PackagedStage;
import io.conserver.testing.TestBucket;
import io.conserver.testing.TestVcons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold start and memory of the packaged Lambda functions: the main class behind {@code
 * bench/coldstart} (a benchmark command, never a test). Each package's {@code function.zip} is run
 * as {@link PackagedFunction} runs it (the real runtime interface client against a Runtime API on
 * loopback, the bucket on s3proxy), configured as a 256 MB function, once per run in a fresh JVM;
 * each run drops one conversation where the package's stage reads it and sends one SQS batch.
 *
 * <p>Per run: JVM start to the first {@code invocation/next} (init), JVM start to the {@code
 * response} of the first invocation (cold start as a caller sees it) and the CPU the JVM used until
 * then, a second invocation in the same JVM (warm), and the process's peak resident set ({@code
 * VmHWM} of {@code /proc/PID/status}).
 *
 * <pre>ColdStart RUNS NAME=STAGE=ZIP [NAME=STAGE=ZIP ...]</pre>
 */
public final class ColdStart {
  /** The function memory the issue budgets for a light function. */
  static final int MEMORY_MB = 256;

  /**
   * The heap a 256 MB function gets: the runtimes size the heap close to the function's memory
   * (lambci's java8 image: MaxHeapSize 92% of 3,008 MB); 85% is taken here, which leaves the rest
   * for metaspace, code cache and thread stacks. Serial GC, as on a one-vCPU Lambda.
   */
  static final List<String> JVM_OPTIONS =
      List.of("-Xmx" + MEMORY_MB * 85 / 100 + "m", "-XX:+UseSerialGC");

  private ColdStart() {}

  record Run(long initMillis, long coldMillis, long cpuMillis, long warmMillis, long peakRssKib) {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.parseInt(args[0]);
    TestBucket bucket = TestBucket.shared();
    System.out.printf(
        "%-8s %-10s %5s %16s %18s %16s %16s %14s%n",
        "package", "stage", "runs", "init ms", "cold ms", "cold CPU ms", "warm ms", "peak RSS MiB");
    for (int a = 1; a < args.length; a++) {
      String[] spec = args[a].split("=", 3);
      List<Run> results = measure(bucket, spec[1], Path.of(spec[2]), runs);
      System.out.printf(
          "%-8s %-10s %5d %16s %18s %16s %16s %14s%n",
          spec[0],
          spec[1],
          runs,
          spread(results.stream().mapToLong(Run::initMillis).sorted().toArray()),
          spread(results.stream().mapToLong(Run::coldMillis).sorted().toArray()),
          spread(results.stream().mapToLong(Run::cpuMillis).sorted().toArray()),
          spread(results.stream().mapToLong(Run::warmMillis).sorted().toArray()),
          spread(results.stream().mapToLong(r -> r.peakRssKib() / 1024).sorted().toArray()));
    }
    System.exit(0); // s3proxy's threads are not daemons
  }

  private static List<Run> measure(TestBucket bucket, String stage, Path zip, int runs)
      throws Exception {
    Path taskRoot = Files.createTempDirectory("conserver-coldstart");
    PackagedFunction.unpack(zip, taskRoot);
    Map<String, String> env = Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "" + MEMORY_MB);
    List<Run> results = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long[] answered = new long[2];
      long started = System.nanoTime();
      try (PackagedFunction function = PackagedFunction.start(taskRoot, bucket, env, JVM_OPTIONS)) {
        PackagedStage.runs(
            bucket,
            stage,
            TestVcons.vcon("cold start " + i),
            input -> {
              function.deliverOverSqs(input);
              answered[0] = System.nanoTime();
              answered[1] = cpuMillis(function.process().pid());
            });
        long warmStart = System.nanoTime();
        PackagedStage.runs(bucket, stage, TestVcons.vcon("warm " + i), function::deliverOverSqs);
        long warm = System.nanoTime() - warmStart;
        results.add(
            new Run(
                millis(function.api().firstNextNanos() - started),
                millis(answered[0] - started),
                answered[1],
                millis(warm),
                peakRssKib(function.process().pid())));
      }
      System.err.printf("%s run %d: %s%n", stage, i + 1, results.get(i));
    }
    return results;
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /**
   * CPU the process used so far (user + system, {@code /proc/PID/stat}, in clock ticks of 10 ms):
   * unlike wall time, barely inflated by other processes on a loaded machine.
   */
  static long cpuMillis(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
  }

  /** {@code VmHWM}: the most resident memory the process ever had, in KiB. */
  static long peakRssKib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmHWM for process " + pid);
  }

  /** "median (min–max)". */
  private static String spread(long[] sorted) {
    return sorted[sorted.length / 2] + " (" + sorted[0] + "–" + sorted[sorted.length - 1] + ")";
  }
}
