package io.conserver.functions.transcribe;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.conserver.functions.transcribe.cloud.aws.TranscribeJobStateChange;
import io.conserver.platform.funqy.BatchResponse;
import io.conserver.platform.funqy.FunqyEvents;
import io.conserver.platform.funqy.StageFunctions;
import io.conserver.vcon.VconJson;
import io.quarkus.funqy.Funq;
import java.util.Optional;

/**
 * The deployable entry points of the transcribe stage; a deployment picks one with {@code
 * QUARKUS_FUNQY_EXPORT}: {@code transcribe} for raw JSON events (Lambda with an SQS trigger, direct
 * invoke, and Amazon Transcribe's job-completion event from EventBridge, which resumes the job's
 * input), {@code transcribe-cloudevent} for CloudEvents (Cloud Functions gen2, Knative).
 */
public class TranscribeFunction {
  static final String FUNCTION = "transcribe";

  @Funq("transcribe")
  public BatchResponse transcribe(JsonNode event) {
    return handle(StageFunctions.fromEnvironment(), event);
  }

  /**
   * An object event (or SQS batch of them) runs the stage; a job's completion resumes it; a sweep
   * tick ({@link JobSweep}) resumes the jobs of engines that send no completion.
   */
  public static BatchResponse handle(StageFunctions functions, JsonNode event) {
    if (TranscribeJobStateChange.recognises(event)) {
      return JobCompletions.resume(functions, FUNCTION, event);
    }
    Optional<JsonNode> tick = JobSweep.tick(event);
    return tick.isPresent()
        ? JobSweep.sweep(functions, FUNCTION, tick.get())
        : FunqyEvents.handleJson(functions, FUNCTION, event);
  }

  /** Object notifications run the stage; the Pub/Sub sweep tick (Cloud Scheduler) sweeps jobs. */
  @Funq("transcribe-cloudevent")
  public void transcribeCloudEvent(CloudEvent event) {
    StageFunctions functions = StageFunctions.fromEnvironment();
    Optional<JsonNode> tick = JobSweep.tick(data(event));
    if (tick.isPresent()) {
      JobSweep.sweep(functions, FUNCTION, tick.get());
    } else {
      FunqyEvents.handleCloudEvent(functions, FUNCTION, event);
    }
  }

  private static JsonNode data(CloudEvent event) {
    try {
      return event.getData() == null ? null : VconJson.codec().read(event.getData().toBytes());
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
