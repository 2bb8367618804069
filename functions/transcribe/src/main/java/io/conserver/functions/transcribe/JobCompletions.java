package io.conserver.functions.transcribe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.transcribe.cloud.aws.TranscribeJobStateChange;
import io.conserver.platform.funqy.BatchResponse;
import io.conserver.platform.funqy.FunqyEvents;
import io.conserver.platform.funqy.StageFunctions;
import java.util.List;
import java.util.logging.Logger;

/**
 * Resumes the stage when an engine's job ends: Amazon Transcribe's EventBridge "Transcribe Job
 * State Change" (an EventBridge rule per stage, on the stage's job-name prefix, invokes the
 * function with it). The job's record names the input that started it; that input is delivered to
 * the stage again, as a direct invoke would, and the stage collects the result ({@link
 * io.conserver.functions.transcribe.engine.Transcriber#resume}), or stays pending while another
 * track's job still runs. A completion that arrives after the output exists changes nothing (the
 * runner's duplicate check).
 */
final class JobCompletions {
  private static final Logger LOG = Logger.getLogger(JobCompletions.class.getName());
  private static final String AWS_VENDOR = "aws";

  private JobCompletions() {}

  static BatchResponse resume(StageFunctions functions, String function, JsonNode event) {
    TranscribeJobStateChange change;
    try {
      change = TranscribeJobStateChange.decode(event);
    } catch (IllegalArgumentException wiredWrong) {
      // Redelivering it cannot help: acknowledge, and say why.
      LOG.warning("ignored a Transcribe event: " + wiredWrong.getMessage());
      return BatchResponse.of(List.of());
    }
    if (!change.ended()) {
      return BatchResponse.of(List.of());
    }
    PendingJobs jobs = new PendingJobs(functions.jobArea(function));
    PendingJobs.Job job =
        jobs.byJobId(AWS_VENDOR, change.jobName())
            .orElseThrow(
                // The rule matches this stage's prefix only, so the record should be there; it is
                // written right after the job starts. Failing the invocation makes Lambda retry it
                // (twice, minutes apart), then send it to the stage's dead-letter queue.
                () ->
                    new IllegalStateException(
                        "no record of Transcribe job " + change.jobName() + " in this stage yet"));
    if (jobs.closed(job)) {
      // The stage gave up on it and quarantined its input: a late event changes nothing (a retry
      // of the quarantined input waits for the job again).
      LOG.info("ignored the completion of Transcribe job " + change.jobName() + ": given up on");
      return BatchResponse.of(List.of());
    }
    return rerun(functions, function, job);
  }

  /** Delivers the input that started the job to the stage again, as a direct invoke would. */
  static BatchResponse rerun(StageFunctions functions, String function, PendingJobs.Job job) {
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    input.put("bucket", functions.bucket()).put("key", job.inputKey());
    return FunqyEvents.handleJson(functions, function, input);
  }
}
