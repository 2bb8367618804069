package io.conserver.local.runtime;

import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.StageDeclaration;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded runtime: one tenant's bucket on disk, every declared pipeline's stages side by side,
 * each with its own in-process queue (a thread pool of the declared concurrency, capped locally),
 * retries with back-off up to the stage's bound, and quarantine as the dead-letter place. Writes
 * through the bucket emit object-created events, which route to every stage whose input prefix
 * matches: the same chaining as the cloud wiring.
 *
 * <p>Crash safety: an event counts as handled only once its outcome is final, and that fact is kept
 * under {@code .runtime/handled/}. On start the runtime lists every stage's input prefix and queues
 * what was not handled; the stage runner's conditional writes make the replays harmless.
 */
public final class LocalRuntime implements AutoCloseable {
  /** Local machines are small: no stage gets more threads than this, whatever it declares. */
  static final int MAX_LOCAL_THREADS = 4;

  /**
   * Events a stage keeps in memory (queued or running) before the rest wait in its {@link SpillLog}
   * on disk: a few MB of heap, whatever the backlog.
   */
  public static final int DEFAULT_MAX_QUEUED = 10_000;

  private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(50);
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(LocalRuntime.class.getName());

  private final LocalTenant tenant;
  private final BlobStore store;
  private final List<StageWorker> workers = new ArrayList<>();
  private final Map<String, StageStats> stats = new LinkedHashMap<>();
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(daemon("conserver-retry"));
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final HandledMarks handled;
  private final ProgressListener progress;
  private int pending;
  private volatile boolean closed;

  /** Told about every final outcome, for progress output. */
  public interface ProgressListener {
    void onOutcome(String pipeline, String stage, ObjectCreated event, StageOutcome outcome);
  }

  public LocalRuntime(
      LocalTenant tenant,
      Map<String, PipelineDeclaration> pipelines,
      Map<String, Transformation> transformations,
      Clock clock,
      ProgressListener progress) {
    this(tenant, pipelines, transformations, clock, progress, StageThreads.local());
  }

  /**
   * How the stages' threads run.
   *
   * @param maxPerStage cap on each stage's declared concurrency
   * @param nice the stage threads' nice value (0: normal priority). The HTTP server sets one, so
   *     request handling keeps the CPU it needs while the stages work through a burst.
   */
  public record StageThreads(int maxPerStage, int nice, int maxQueued) {
    public StageThreads {
      if (maxPerStage < 1) {
        throw new IllegalArgumentException("maxPerStage must be at least 1");
      }
      if (maxQueued < 0) {
        throw new IllegalArgumentException("maxQueued must be 0 (no bound) or more");
      }
    }

    /**
     * What the CLI uses: up to {@value LocalRuntime#MAX_LOCAL_THREADS} threads, normal priority, up
     * to {@value LocalRuntime#DEFAULT_MAX_QUEUED} events in memory per stage.
     */
    public static StageThreads local() {
      return new StageThreads(MAX_LOCAL_THREADS, 0, DEFAULT_MAX_QUEUED);
    }
  }

  public LocalRuntime(
      LocalTenant tenant,
      Map<String, PipelineDeclaration> pipelines,
      Map<String, Transformation> transformations,
      Clock clock,
      ProgressListener progress,
      StageThreads threads) {
    this.tenant = tenant;
    this.progress = progress;
    this.handled = new HandledMarks(tenant);
    this.store = new NotifyingBlobStore(tenant.store(), tenant.tenant(), this::route);
    if (threads.maxQueued() > 0) {
      SpillLog.deleteAbandoned(spillFolder());
    }
    PartyIndex partyIndex = new PartyIndex(store, tenant.partyIndexKey());
    for (PipelineDeclaration pipeline : pipelines.values()) {
      for (StageDeclaration stage : pipeline.stages()) {
        Transformation transformation = transformations.get(stage.function());
        if (transformation == null) {
          throw new IllegalArgumentException(
              "pipeline '"
                  + pipeline.name()
                  + "' stage '"
                  + stage.name()
                  + "' needs function '"
                  + stage.function()
                  + "', which this build does not include (available: "
                  + transformations.keySet()
                  + ")");
        }
        StageRunner runner =
            new StageRunner(store, tenant.tenant(), pipeline, stage.name(), transformation, clock)
                .indexingParties(partyIndex);
        StageStats stageStats = new StageStats(pipeline.name(), stage.name());
        stats.put(pipeline.name() + "/" + stage.name(), stageStats);
        workers.add(
            new StageWorker(
                pipeline.name(),
                runner,
                stageStats,
                Math.min(stage.concurrency(), threads.maxPerStage()),
                threads.nice(),
                threads.maxQueued()));
      }
    }
  }

  /** The tenant's bucket; writes through it trigger the stages. */
  public BlobStore store() {
    return store;
  }

  /** Per-stage counters, in declaration order. */
  public List<StageStats> stats() {
    return List.copyOf(stats.values());
  }

  /**
   * Queues every object of every stage's input that was not handled yet (after a crash, say). A
   * stage whose overflow file holds events when the listing starts is skipped: the listing would
   * find them all again and count each twice; what it could add waits for a listing once the
   * backlog has drained (the first listing after a start always runs: the file starts empty).
   */
  public int resume() {
    int queued = 0;
    for (StageWorker worker : workers) {
      if (worker.spilling) {
        continue;
      }
      for (BlobMetadata object : store.list(worker.runner.inputPrefix())) {
        ObjectCreated event =
            new ObjectCreated(
                tenant.tenant(), store.bucket(), object.key(), object.size(), object.version());
        if (worker.enqueueUnlessHandled(event)) {
          queued++; // not counted: what a write event queued meanwhile
        }
      }
    }
    return queued;
  }

  /** Every stage's input prefix (where new objects trigger work), without repeats. */
  public java.util.Set<String> inputPrefixes() {
    java.util.Set<String> prefixes = new java.util.LinkedHashSet<>();
    workers.forEach(w -> prefixes.add(w.runner.inputPrefix()));
    return prefixes;
  }

  /**
   * Queues one object that someone else wrote (another process dropping into the bucket folder),
   * unless it is gone, already handled, or already queued. Returns whether it was queued. Cheaper
   * than {@link #resume()}, which lists every input: a watcher of the input folders calls this.
   */
  public boolean pickUp(String key) {
    java.util.Optional<BlobMetadata> object = store.head(key);
    if (object.isEmpty()) {
      return false;
    }
    ObjectCreated event =
        new ObjectCreated(
            tenant.tenant(),
            store.bucket(),
            object.get().key(),
            object.get().size(),
            object.get().version());
    boolean queued = false;
    for (StageWorker worker : workers) {
      if (key.startsWith(worker.runner.inputPrefix())) {
        queued |= worker.enqueueUnlessHandled(event);
      }
    }
    return queued;
  }

  /** Events queued, running or waiting for a retry, over every stage. */
  public int pending() {
    lock.lock();
    try {
      return pending;
    } finally {
      lock.unlock();
    }
  }

  /** Blocks until no event is queued, running or waiting for a retry. */
  public void awaitIdle() throws InterruptedException {
    lock.lock();
    try {
      while (pending > 0) {
        idle.await();
      }
    } finally {
      lock.unlock();
    }
  }

  private void route(ObjectCreated event) {
    for (StageWorker worker : workers) {
      if (event.key().startsWith(worker.runner.inputPrefix())) {
        // A listing (resume) can see a new object before its write event arrives, and may have
        // processed it already: the handled check keeps the event from running it twice.
        worker.enqueueUnlessHandled(event);
      }
    }
  }

  /** Where the stages' overflow files are ({@link SpillLog}). */
  private java.nio.file.Path spillFolder() {
    return tenant.runtimeFolder().resolve("spill");
  }

  private boolean isHandled(StageWorker worker, ObjectCreated event) {
    return handled.isHandled(worker.pipeline, worker.runner.stage().name(), event);
  }

  private void changePending(int delta) {
    lock.lock();
    try {
      pending += delta;
      if (pending == 0) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    closed = true;
    retries.shutdownNow();
    workers.forEach(StageWorker::close);
  }

  private enum Admission {
    IN_MEMORY,
    SPILLED,
    DROPPED
  }

  /** One stage's queue and workers. */
  private final class StageWorker {
    final String pipeline;
    final StageRunner runner;
    final StageStats stats;
    final ExecutorService pool;
    // Object versions queued or running: a write event and a resume scan may both find one.
    final java.util.Set<String> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    // Tasks given to the pool and not finished; above maxQueued, first deliveries spill to disk.
    private final java.util.concurrent.atomic.AtomicInteger queued =
        new java.util.concurrent.atomic.AtomicInteger();
    private final int maxQueued;
    private SpillLog spill; // opened at the first overflow
    private volatile boolean spilling; // events may wait in spill
    private volatile boolean spillBroken;

    StageWorker(
        String pipeline,
        StageRunner runner,
        StageStats stats,
        int threads,
        int nice,
        int maxQueued) {
      this.pipeline = pipeline;
      this.runner = runner;
      this.stats = stats;
      this.pool =
          Executors.newFixedThreadPool(
              threads, daemon("conserver-" + pipeline + "-" + runner.stage().name(), nice));
      this.maxQueued = maxQueued;
    }

    /** What identifies a delivery's object version in {@link #inFlight}. */
    private static String claim(ObjectCreated event) {
      return event.key() + "\n" + event.version();
    }

    /**
     * Claims the object version for this stage unless it is queued, running or handled already;
     * returns whether it was claimed.
     */
    private boolean claimUnlessHandled(ObjectCreated event, String claim) {
      if (!inFlight.add(claim)) {
        return false;
      }
      if (isHandled(this, event)) {
        inFlight.remove(claim);
        return false;
      }
      return true;
    }

    private void submit(ObjectCreated event, int deliveryCount) {
      queued.incrementAndGet();
      pool.execute(() -> run(event, deliveryCount));
    }

    /**
     * Where a first delivery goes: to disk when the stage's memory queue is full or events already
     * wait there (arrival order is kept), dropped when it is queued or handled already, else to
     * memory. {@code spilling} is raised before {@code queued} is read and a finishing task reads
     * it after lowering {@code queued}, so one of the two always sees the other and a spilled event
     * never waits without a task left to take it back.
     */
    private Admission admit(ObjectCreated event, String claim) {
      if (maxQueued == 0 || spillBroken || !spilling && queued.get() < maxQueued) {
        return Admission.IN_MEMORY;
      }
      synchronized (this) {
        spilling = true;
        if ((spill == null || spill.isEmpty()) && queued.get() < maxQueued) {
          spilling = false;
          return Admission.IN_MEMORY;
        }
        if (inFlight.contains(claim) || isHandled(this, event)) {
          return Admission.DROPPED;
        }
        try {
          if (spill == null) {
            spill =
                new SpillLog(
                    spillFolder(),
                    pipeline + "." + runner.stage().name(),
                    tenant.tenant(),
                    store.bucket());
          }
          spill.append(event);
        } catch (java.io.IOException e) {
          spillBroken = true; // everything stays in memory from now on; nothing is lost
          LOG.warning(() -> "stage overflow file unusable, the queue stays in memory: " + e);
          return Admission.IN_MEMORY;
        }
        changePending(1);
        return Admission.SPILLED;
      }
    }

    /** Moves spilled events back into the memory queue while it has room. */
    private void refill() {
      if (spilling) {
        synchronized (this) {
          refillLocked();
        }
      }
    }

    private void refillLocked() {
      while (!closed && spill != null && !spill.isEmpty() && queued.get() < maxQueued) {
        ObjectCreated event;
        try {
          event = spill.take();
        } catch (java.io.IOException e) {
          long lost = spill.size();
          spillBroken = true;
          spill.clear();
          spilling = false;
          changePending((int) -lost);
          LOG.warning(
              () ->
                  "stage overflow file unreadable: "
                      + lost
                      + " events wait in the bucket for the next listing of the stage's input: "
                      + e);
          return;
        }
        if (claimUnlessHandled(event, claim(event))) {
          submit(event, 1); // counted as pending when it was spilled
        } else {
          changePending(-1); // a duplicate delivery, or handled meanwhile
        }
      }
      if (spill == null || spill.isEmpty()) {
        spilling = false;
      }
    }

    void close() {
      pool.shutdownNow();
      synchronized (this) {
        if (spill != null) {
          try {
            spill.close();
          } catch (java.io.IOException e) {
            LOG.fine(() -> "stage overflow file not removed: " + e);
          }
        }
      }
    }

    /**
     * Queues a delivery, unless it is a first one of an object version already queued or running;
     * returns whether it was queued.
     */
    boolean enqueue(ObjectCreated event, int deliveryCount) {
      if (closed || deliveryCount == 1 && !inFlight.add(claim(event))) {
        return false;
      }
      changePending(1);
      submit(event, deliveryCount);
      return true;
    }

    /**
     * Queues a first delivery of an object found by listing, unless it is queued, running or
     * handled. The in-flight claim comes first and the handled check second: a run marks handled
     * before it releases its claim, so an event that finishes between the two is never queued again
     * (checking handled first let a listing re-queue an event that had just finished).
     */
    boolean enqueueUnlessHandled(ObjectCreated event) {
      String claim = claim(event);
      if (closed) {
        return false;
      }
      Admission admission = admit(event, claim);
      if (admission != Admission.IN_MEMORY) {
        return admission == Admission.SPILLED;
      }
      if (!claimUnlessHandled(event, claim)) {
        return false;
      }
      changePending(1);
      submit(event, 1);
      return true;
    }

    private void run(ObjectCreated event, int deliveryCount) {
      try {
        long start = System.nanoTime();
        StageOutcome outcome = runner.handle(event, deliveryCount);
        if (outcome == StageOutcome.RETRY) {
          long delay = FIRST_RETRY_DELAY.toMillis() << Math.min(deliveryCount - 1, 6);
          changePending(1);
          retries.schedule(
              () -> {
                enqueue(event, deliveryCount + 1);
                changePending(-1);
              },
              delay,
              TimeUnit.MILLISECONDS);
          return;
        }
        stats.record(outcome, System.nanoTime() - start);
        markHandled(event);
        inFlight.remove(claim(event));
        progress.onOutcome(pipeline, runner.stage().name(), event, outcome);
      } finally {
        changePending(-1);
        queued.decrementAndGet();
        refill();
      }
    }

    private void markHandled(ObjectCreated event) {
      handled.mark(pipeline, runner.stage().name(), event);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return daemon(name, 0);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name, int nice) {
    return runnable -> {
      Runnable body =
          nice <= 0
              ? runnable
              : () -> {
                BackgroundPriority.lowerCurrentThread(nice);
                runnable.run();
              };
      Thread thread = new Thread(body, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
