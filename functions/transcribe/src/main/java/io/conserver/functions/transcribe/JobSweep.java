package io.conserver.functions.transcribe;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.funqy.BatchResponse;
import io.conserver.platform.funqy.StageFunctions;
import io.conserver.platform.pipeline.JobGiveUp;
import io.conserver.platform.runner.JobArea;
import io.conserver.platform.storage.BlobStore;
import io.conserver.vcon.VconJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Brings back the conversations whose transcription jobs nobody reports on: a schedule tick, {@code
 * {"sweep": "jobs"}} (optionally {@code "bucket"}, which must be this deployment's, and {@code
 * "max"}, 1 to {@value #LIMIT}), given directly or as the data of a Pub/Sub message (push body or
 * {@code messagePublished} CloudEvent data), makes the stage list its open job records whose
 * conversation has neither output nor quarantine record and deliver each one's input again as
 * {@link JobCompletions} does: the engine polls the job, the output is written once when it is done
 * (create-if-absent), the input quarantined when it failed or ran past the stage's {@code
 * give_up_after} ({@link JobGiveUp}), nothing when it runs.
 *
 * <p>Which records: those of engines that send no completion event (Google Speech-to-Text's batch
 * operations) once they are {@link #MIN_AGE} old; those of engines that do (Amazon Transcribe) only
 * past the give-up age, when their event is overdue (lost, or a job that never ends). At most
 * {@code max} (default {@value #DEFAULT_MAX}) per tick, oldest first from where the last tick
 * stopped ({@link SweepCursor}); the rest wait for the next.
 */
public final class JobSweep {
  private static final Logger LOG = Logger.getLogger(JobSweep.class.getName());
  static final Duration MIN_AGE = Duration.ofMinutes(1);
  static final int DEFAULT_MAX = 20;
  static final int LIMIT = 100;
  private static final List<String> ENGINES_WITHOUT_EVENTS = List.of("google");

  private JobSweep() {}

  /** The tick, when the event is one: directly or wrapped in a Pub/Sub message. */
  public static Optional<JsonNode> tick(JsonNode event) {
    if (event == null || !event.isObject()) {
      return Optional.empty();
    }
    if ("jobs".equals(event.path("sweep").asText(null))) {
      return Optional.of(event);
    }
    JsonNode data = event.path("message").path("data");
    if (!data.isTextual()) {
      return Optional.empty();
    }
    try {
      JsonNode inner = VconJson.codec().read(Base64.getDecoder().decode(data.asText()));
      return "jobs".equals(inner.path("sweep").asText(null))
          ? Optional.of(inner)
          : Optional.empty();
    } catch (RuntimeException notATick) {
      return Optional.empty();
    }
  }

  static BatchResponse sweep(StageFunctions functions, String function, JsonNode tick) {
    String bucket = tick.path("bucket").asText(functions.bucket());
    if (!bucket.equals(functions.bucket())) {
      // Another tenant's tick: never act on it, and redelivering cannot help.
      LOG.warning("ignored a sweep tick for another bucket");
      return BatchResponse.of(List.of());
    }
    int max = Math.max(1, Math.min(LIMIT, tick.path("max").asInt(DEFAULT_MAX)));
    JobArea area = functions.jobArea(function);
    BlobStore store = functions.store();
    JobGiveUp giveUp = JobGiveUp.of(functions.stage(function).options());
    Instant now = functions.clock().instant();
    // One delivery per input, however many tracks' jobs it started.
    Map<String, PendingJobs.Job> byInput = new LinkedHashMap<>();
    new PendingJobs(area)
        .open().stream()
            .filter(job -> due(job, giveUp, now))
            .sorted(SweepCursor.ORDER)
            .forEach(job -> byInput.putIfAbsent(job.inputKey(), job));
    SweepCursor cursor = new SweepCursor(area);
    List<PendingJobs.Job> waiting =
        cursor.rotate(new ArrayList<>(byInput.values())).stream()
            .filter(job -> waiting(store, area, job))
            .limit(max)
            .toList();
    List<BatchResponse.ItemFailure> failures = new ArrayList<>();
    for (PendingJobs.Job job : waiting) {
      failures.addAll(JobCompletions.rerun(functions, function, job).batchItemFailures());
    }
    if (!waiting.isEmpty()) {
      cursor.stoppedAt(waiting.get(waiting.size() - 1));
    }
    LOG.info("job sweep: resumed " + waiting.size() + " job(s), " + failures.size() + " failed");
    return new BatchResponse(failures);
  }

  private static boolean due(PendingJobs.Job job, JobGiveUp giveUp, Instant now) {
    return ENGINES_WITHOUT_EVENTS.contains(job.engine())
        ? !job.startedAt().isAfter(now.minus(MIN_AGE))
        : giveUp.expired(job.startedAt(), now);
  }

  /**
   * Whether the job's conversation still waits for it: no output, no quarantine record, and its
   * input still there (an erased or expired one would only take a place in the tick).
   */
  private static boolean waiting(BlobStore store, JobArea area, PendingJobs.Job job) {
    String conversation = job.conversation();
    return store.head(BucketLayout.outputKey(area.pipeline(), area.stage(), conversation)).isEmpty()
        && store
            .head(BucketLayout.quarantineKey(area.pipeline(), area.stage(), conversation))
            .isEmpty()
        && store.head(job.inputKey()).isPresent();
  }
}
