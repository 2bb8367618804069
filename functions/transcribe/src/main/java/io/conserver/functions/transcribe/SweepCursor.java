package io.conserver.functions.transcribe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.runner.JobArea;
import io.conserver.vcon.VconJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where the last sweep of a stage's jobs stopped ({@code
 * jobs/<pipeline>/<stage>/sweep-cursor.json}), so the next one goes on from there, oldest first,
 * and wraps around: with more jobs waiting than a tick takes, every one is polled once every few
 * ticks, and jobs that stay running cannot hold the places of newer ones. Two sweeps at once may
 * poll the same jobs; that is harmless, and the later write of the cursor stands.
 */
final class SweepCursor {
  /** The sweep's order: oldest first, the input key breaking ties. */
  static final Comparator<PendingJobs.Job> ORDER =
      Comparator.comparing(PendingJobs.Job::startedAt).thenComparing(PendingJobs.Job::inputKey);

  private final JobArea area;
  private final String key;

  SweepCursor(JobArea area) {
    this.area = area;
    this.key = area.prefix() + "sweep-cursor.json";
  }

  /** {@code line} (in {@link #ORDER}) starting after the job the last sweep stopped at. */
  List<PendingJobs.Job> rotate(List<PendingJobs.Job> line) {
    Optional<PendingJobs.Job> last = last();
    if (last.isEmpty()) {
      return line;
    }
    List<PendingJobs.Job> rotated = new ArrayList<>();
    line.stream().filter(job -> ORDER.compare(job, last.get()) > 0).forEach(rotated::add);
    line.stream().filter(job -> ORDER.compare(job, last.get()) <= 0).forEach(rotated::add);
    return rotated;
  }

  void stoppedAt(PendingJobs.Job job) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("started_at", job.startedAt().toString()).put("input_key", job.inputKey());
    area.replace(key, VconJson.codec().write(node));
  }

  private Optional<PendingJobs.Job> last() {
    return area.read(key)
        .map(bytes -> VconJson.codec().read(bytes))
        .map(
            (JsonNode node) ->
                new PendingJobs.Job(
                    "",
                    "",
                    node.path("input_key").asText(),
                    "",
                    0,
                    0,
                    Instant.parse(node.path("started_at").asText())));
  }
}
