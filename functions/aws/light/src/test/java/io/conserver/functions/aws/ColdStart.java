package io.conserver.functions.aws;

import io.conserver.testing.PackagedStage;
import io.conserver.testing.TestBucket;
import io.conserver.testing.TestVcons;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Cold start and memory of the packaged Lambda functions: the main class behind {@code
 * bench/coldstart} (a benchmark command, never a test). Each package's {@code function.zip} is run
 * as {@link PackagedFunction} runs it (the real runtime interface client against a Runtime API on
 * loopback, the bucket on s3proxy), configured as a 256 MB function, once per run in a fresh JVM;
 * each run drops one conversation where the package's stage reads it and sends one SQS batch.
 *
 * <p>Per run, wall time and the CPU time of the function's JVM (user + system of all its threads:
 * on a shared machine the wall time is inflated by other processes, the CPU time hardly): JVM start
 * to the first {@code invocation/next} (init), JVM start to the {@code response} of the first
 * invocation (cold start as a caller sees it), the classes the JVM had loaded by then (and how many
 * of them came from a CDS archive), a second invocation in the same JVM (warm), and the process's
 * peak resident set ({@code VmHWM} of {@code /proc/PID/status}).
 *
 * <p>With {@code --options}, each package is measured once per JVM variant side by side (the
 * managed runtime's C1-only default, full tiered compilation, no CDS at all, and an application CDS
 * archive written by a training run), so their effect is compared under the same load.
 *
 * <pre>ColdStart [--options] RUNS NAME=STAGE=ZIP [NAME=STAGE=ZIP ...]</pre>
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

  /**
   * A configuration to compare: more JVM options, more environment, and whether to train and use a
   * dynamic application CDS archive.
   */
  record Variant(String name, List<String> options, Map<String, String> env, boolean appCds) {}

  /** The managed java17 runtime's own settings (C1 only; the JDK's default CDS archive). */
  static final Variant DEFAULT = new Variant("default", List.of(), Map.of(), false);

  static final List<Variant> VARIANTS =
      List.of(
          DEFAULT,
          new Variant("c1+c2", List.of("-XX:TieredStopAtLevel=4"), Map.of(), false),
          new Variant("no-cds", List.of("-Xshare:off"), Map.of(), false),
          new Variant("appcds", List.of(), Map.of(), true),
          // What SnapStart's beforeCheckpoint hook does, done in the init phase instead: how much
          // of
          // the first event's work priming moves out of the invocation (SnapshotHooks).
          new Variant("primed", List.of(), Map.of("CONSERVER_PRIME_AT_INIT", "true"), false),
          new Variant("appcds+primed", List.of(), Map.of("CONSERVER_PRIME_AT_INIT", "true"), true));

  private ColdStart() {}

  record Run(
      long initMillis,
      long initCpuMillis,
      long coldMillis,
      long coldCpuMillis,
      long classes,
      long sharedClasses,
      long warmMillis,
      long warmCpuMillis,
      long peakRssKib) {}

  public static void main(String[] args) throws Exception {
    int status = 1;
    try {
      run(args);
      status = 0;
    } finally {
      System.exit(status); // s3proxy's threads are not daemons, also when a run failed
    }
  }

  private static void run(String[] args) throws Exception {
    boolean options = args[0].equals("--options");
    if (options) {
      args = Arrays.copyOfRange(args, 1, args.length);
    }
    int runs = Integer.parseInt(args[0]);
    List<Variant> variants = options ? VARIANTS : List.of(DEFAULT);
    TestBucket bucket = TestBucket.shared();
    String format = "%-7s %-8s %-7s %4s %15s %15s %17s %15s %13s %9s %13s %13s %12s%n";
    System.out.printf(
        format,
        "package",
        "stage",
        "jvm",
        "runs",
        "init ms",
        "init CPU ms",
        "cold ms",
        "cold CPU ms",
        "classes",
        "from CDS",
        "warm ms",
        "warm CPU ms",
        "peak RSS MiB");
    for (int a = 1; a < args.length; a++) {
      String[] spec = args[a].split("=", 3);
      for (Variant variant : variants) {
        List<Run> results = measure(bucket, spec[1], Path.of(spec[2]), variant, runs);
        System.out.printf(
            format,
            spec[0],
            spec[1],
            variant.name(),
            runs,
            spread(results, Run::initMillis),
            spread(results, Run::initCpuMillis),
            spread(results, Run::coldMillis),
            spread(results, Run::coldCpuMillis),
            spread(results, Run::classes),
            median(results, Run::sharedClasses),
            spread(results, Run::warmMillis),
            spread(results, Run::warmCpuMillis),
            spread(results, r -> r.peakRssKib() / 1024));
      }
    }
  }

  private static List<Run> measure(
      TestBucket bucket, String stage, Path zip, Variant variant, int runs) throws Exception {
    Path taskRoot = Files.createTempDirectory("conserver-coldstart");
    PackagedFunction.unpack(zip, taskRoot);
    Map<String, String> env = new HashMap<>(variant.env());
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "" + MEMORY_MB);
    List<String> jvm = new ArrayList<>(JVM_OPTIONS);
    jvm.addAll(variant.options());
    // More options for a look inside, e.g. -Xlog:class+load:file=... or
    // -XX:StartFlightRecording=...
    String extra = System.getProperty("conserver.coldstart.jvm", "").strip();
    if (!extra.isEmpty()) {
      jvm.addAll(List.of(extra.split("\\s+")));
    }
    if (variant.appCds()) {
      Path archive = taskRoot.resolve("app-cds.jsa");
      train(bucket, stage, taskRoot, env, jvm, archive);
      jvm.add("-XX:SharedArchiveFile=" + archive);
    }
    List<Run> results = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long[] init = new long[1];
      long[] answered = new long[2];
      long[] classes;
      long started = System.nanoTime();
      try (PackagedFunction function = PackagedFunction.start(taskRoot, bucket, env, jvm)) {
        long pid = function.process().pid();
        function.api().onFirstNext(() -> init[0] = cpuMillisOrMinusOne(pid));
        try {
          PackagedStage.runs(
              bucket,
              stage,
              TestVcons.vcon("cold start " + i),
              input -> {
                function.deliverOverSqs(input);
                answered[0] = System.nanoTime();
                answered[1] = cpuMillis(pid);
              });
          classes = loadedClasses(pid);
          long warmCpu = cpuMillis(pid);
          long warmStart = System.nanoTime();
          PackagedStage.runs(bucket, stage, TestVcons.vcon("warm " + i), function::deliverOverSqs);
          long warm = System.nanoTime() - warmStart;
          results.add(
              new Run(
                  millis(function.api().firstNextNanos() - started),
                  init[0],
                  millis(answered[0] - started),
                  answered[1],
                  classes[0] + classes[1],
                  classes[1],
                  millis(warm),
                  cpuMillis(pid) - warmCpu,
                  peakRssKib(pid)));
        } catch (Exception | AssertionError e) {
          System.err.println("the function's output:\n" + function.output());
          throw e;
        }
      }
      System.err.printf("%s %s run %d: %s%n", stage, variant.name(), i + 1, results.get(i));
    }
    return results;
  }

  /**
   * The training run of an application CDS archive: the function serves a cold and a warm
   * invocation with {@code -XX:ArchiveClassesAtExit}, then stops (SIGTERM, as Lambda stops an
   * environment), and the JVM writes every class it loaded from a jar into {@code archive}.
   */
  private static void train(
      TestBucket bucket,
      String stage,
      Path taskRoot,
      Map<String, String> env,
      List<String> jvm,
      Path archive)
      throws Exception {
    List<String> training = new ArrayList<>(jvm);
    training.add("-XX:ArchiveClassesAtExit=" + archive);
    try (PackagedFunction function = PackagedFunction.start(taskRoot, bucket, env, training)) {
      for (String name : List.of("training", "training again")) {
        PackagedStage.runs(bucket, stage, TestVcons.vcon(name), function::deliverOverSqs);
      }
      function.process().destroy();
      if (!function.process().waitFor(5, TimeUnit.MINUTES) || !Files.exists(archive)) {
        throw new IllegalStateException("no CDS archive written:\n" + function.output());
      }
    }
    System.err.printf("%s: CDS archive of %,d bytes%n", stage, Files.size(archive));
  }

  /**
   * Classes loaded so far and how many of them came from a CDS archive (the JVM's performance
   * counters, read with {@code jcmd}; the attach adds a handful of classes of its own). {@code
   * java.cls.loadedClasses} counts only the classes not taken from an archive.
   */
  private static long[] loadedClasses(long pid) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "PerfCounter.print")
            .redirectErrorStream(true)
            .start();
    String counters = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return new long[] {
      counter(counters, "java.cls.loadedClasses"), counter(counters, "java.cls.sharedLoadedClasses")
    };
  }

  private static long counter(String counters, String name) {
    for (String line : counters.split("\n")) {
      if (line.startsWith(name + "=")) {
        return Long.parseLong(line.substring(name.length() + 1).strip());
      }
    }
    return -1;
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private static long cpuMillisOrMinusOne(long pid) {
    try {
      return cpuMillis(pid);
    } catch (IOException e) {
      return -1;
    }
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

  private static long median(List<Run> runs, ToLongFunction<Run> field) {
    long[] sorted = runs.stream().mapToLong(field).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  /** "median (min–max)". */
  private static String spread(List<Run> runs, ToLongFunction<Run> field) {
    long[] sorted = runs.stream().mapToLong(field).sorted().toArray();
    return sorted[sorted.length / 2] + " (" + sorted[0] + "–" + sorted[sorted.length - 1] + ")";
  }
}
