package io.conserver.functions.transcribe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.Sha256;
import io.conserver.platform.runner.JobArea;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.vcon.VconJson;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Records of engine jobs still running, so the run their completion triggers resumes them instead
 * of starting new ones. Two objects per job under {@code jobs/<pipeline>/<stage>/}, both created
 * once:
 *
 * <ul>
 *   <li>{@code <conversation>/<dialog>-<channel>.json}: the job of one track of one conversation,
 *       found by the re-delivered input ({@code channel} -1 is the whole dialog);
 *   <li>{@code by-job/<sha256(engine:job id)>.json}: the same record found from a completion event,
 *       which knows only the job: its {@code input_key} is the object to deliver to the stage
 *       again.
 *   <li>{@code closed/<conversation>/<dialog>-<channel>.json}: written when the stage gave up on
 *       the track's job (it ran past the stage's {@code give_up_after}); the job is never polled
 *       again and the input is quarantined with the reason each time it comes back, until a retry
 *       of the quarantined input reopens the conversation ({@link JobArea#reopen}) and a new job
 *       starts.
 * </ul>
 */
public final class PendingJobs {
  private final JobArea area;

  public PendingJobs(JobArea area) {
    this.area = area;
  }

  /** A job of one track: which engine runs it and which input started it. */
  public record Job(
      String engine,
      String jobId,
      String inputKey,
      String conversation,
      int dialog,
      int channel,
      Instant startedAt) {}

  public Optional<Job> of(String conversation, int dialog, int channel) {
    return area.read(trackKey(conversation, dialog, channel)).map(PendingJobs::parse);
  }

  /** For completion handlers: the job an engine's event names, with the input to re-deliver. */
  public Optional<Job> byJobId(String engine, String jobId) {
    return area.read(jobKey(engine, jobId)).map(PendingJobs::parse);
  }

  /** Every job of this stage the stage has not given up on, in no particular order: for sweeps. */
  public List<Job> open() {
    Set<String> closed =
        area.list(JobArea.CLOSED).stream().map(BlobMetadata::key).collect(Collectors.toSet());
    return area.list("by-job/").stream()
        .map(record -> area.read(record.key()))
        .flatMap(Optional::stream)
        .map(PendingJobs::parse)
        .filter(job -> !closed.contains(closedKey(job)))
        .toList();
  }

  /**
   * Records a job. When another run recorded one for the same track first, that one stands (and is
   * returned): its result is the one collected.
   */
  public Job record(Job job) {
    byte[] bytes = VconJson.codec().write(json(job));
    String track = trackKey(job.conversation(), job.dialog(), job.channel());
    if (!area.create(track, bytes)) {
      return of(job.conversation(), job.dialog(), job.channel()).orElse(job);
    }
    area.create(jobKey(job.engine(), job.jobId()), bytes);
    return job;
  }

  /** Why the stage gave up on this job's track, if it did. */
  public Optional<String> closure(Job job) {
    return area.read(closedKey(job))
        .map(bytes -> VconJson.codec().read(bytes).path("reason").asText());
  }

  public boolean closed(Job job) {
    return closure(job).isPresent();
  }

  /**
   * Closes the job's track: the stage gave up on it, for {@code reason}. Created once; a second
   * sweep that gives up on the same job at the same time leaves the first record.
   */
  public void close(Job job, String reason, Instant at) {
    ObjectNode record = json(job);
    record.put("closed_at", at.toString());
    record.put("reason", reason);
    area.create(closedKey(job), VconJson.codec().write(record));
  }

  private String trackKey(String conversation, int dialog, int channel) {
    return area.prefix() + conversation + "/" + dialog + "-" + channel + ".json";
  }

  private String jobKey(String engine, String jobId) {
    return area.prefix() + "by-job/" + Sha256.hex(engine + ":" + jobId) + ".json";
  }

  private String closedKey(Job job) {
    return area.prefix()
        + JobArea.CLOSED
        + job.conversation()
        + "/"
        + job.dialog()
        + "-"
        + job.channel()
        + ".json";
  }

  private static ObjectNode json(Job job) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("engine", job.engine());
    node.put("job_id", job.jobId());
    node.put("input_key", job.inputKey());
    node.put("conversation", job.conversation());
    node.put("dialog", job.dialog());
    node.put("channel", job.channel());
    node.put("started_at", job.startedAt().toString());
    return node;
  }

  private static Job parse(byte[] bytes) {
    JsonNode node = VconJson.codec().read(bytes);
    return new Job(
        node.path("engine").asText(),
        node.path("job_id").asText(),
        node.path("input_key").asText(),
        node.path("conversation").asText(),
        node.path("dialog").asInt(),
        node.path("channel").asInt(),
        Instant.parse(node.path("started_at").asText()));
  }
}
