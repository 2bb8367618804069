package io.conserver.functions.transcribe.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.transcribe.IngestedCall;
import io.conserver.functions.transcribe.PendingJobs;
import io.conserver.functions.transcribe.TranscribeFunction;
import io.conserver.platform.funqy.FunctionSettings;
import io.conserver.platform.funqy.StageFunctions;
import io.conserver.platform.runner.JobArea;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.testing.MutableClock;
import io.conserver.platform.vendor.VendorHttp;
import io.conserver.testing.TestBucket;
import io.conserver.vcon.Analysis;
import io.conserver.vcon.Vcon;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code transcribe} entry as deployed on Lambda with {@code engine: aws-transcribe}: the first
 * delivery starts a job on the recording's {@code s3://} location (the tenant's bucket: s3proxy
 * through the production S3 store), the job ends at the Transcribe contract fake, and the
 * EventBridge "Transcribe Job State Change" event (the sample in events/transcribe/, with the job's
 * name) makes the same entry resume the stage and write the transcript. Configuration comes from
 * system properties, where the deployment's FunctionSettings look first, as in the packaged tests.
 */
class TranscribeCompletionEntryTest {
  static final String KEY_ID = AwsTranscribeTest.KEY_ID;
  static final String PIPELINE = "calls";

  private static TestBucket bucket;
  private static AwsTranscribeFake fake;
  private BlobStore store;
  private UUID conversation;

  @BeforeAll
  static void start() throws IOException {
    bucket = TestBucket.shared();
    fake = new AwsTranscribeFake(KEY_ID, AwsTranscribeTest.REGION, bucket.client());
    System.setProperty("conserver.test.transcribe-key-id", KEY_ID);
    System.setProperty("conserver.test.transcribe-secret", AwsTranscribeTest.SECRET);
    System.setProperty("conserver.pipeline", PIPELINE);
    System.setProperty("conserver.pipeline-json", pipeline());
  }

  @AfterAll
  static void stop() {
    fake.close();
    for (String name :
        List.of(
            "conserver.test.transcribe-key-id",
            "conserver.test.transcribe-secret",
            "conserver.pipeline",
            "conserver.pipeline-json")) {
      System.clearProperty(name);
    }
  }

  @BeforeEach
  void setUp() {
    store = bucket.store();
    conversation = UUID.randomUUID();
  }

  private static String pipeline() {
    ObjectNode options = VendorHttp.json().createObjectNode();
    options.put("engine", "aws-transcribe").put("region", AwsTranscribeTest.REGION);
    options.put("endpoint", fake.server.uri().toString());
    options.put("access_key_id", "config:conserver.test.transcribe-key-id");
    options.put("secret_access_key", "config:conserver.test.transcribe-secret");
    options.put("language", "en-US");
    return IngestedCall.pipelineJson(PIPELINE, options);
  }

  private String ingested() throws IOException {
    return IngestedCall.stored(store, PIPELINE, conversation);
  }

  private static JsonNode direct(String key) {
    return VendorHttp.json().createObjectNode().put("bucket", TestBucket.BUCKET).put("key", key);
  }

  /** events/transcribe/aws-transcribe-job-state-change.json, naming the given job. */
  private static ObjectNode completion(String job, String status) throws IOException {
    Path sample = repository().resolve("events/transcribe/aws-transcribe-job-state-change.json");
    ObjectNode event = (ObjectNode) VendorHttp.json().readTree(Files.readAllBytes(sample));
    ((ObjectNode) event.get("detail"))
        .put("TranscriptionJobName", job)
        .put("TranscriptionJobStatus", status);
    return event;
  }

  private static Path repository() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(dir.resolve("events/transcribe"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  private String output() {
    return "vcons/" + PIPELINE + "/transcribe/" + conversation + ".vcon.json";
  }

  private String startedJob() {
    return new PendingJobs(new JobArea(store, PIPELINE, "transcribe"))
        .of(conversation.toString(), 0, -1)
        .orElseThrow()
        .jobId();
  }

  @Test
  void theCompletionEvent_resumesTheStage_andTheTranscriptIsWrittenOnce() throws IOException {
    TranscribeFunction entry = new TranscribeFunction();
    String input = ingested();

    assertThat(entry.transcribe(direct(input)).batchItemFailures()).isEmpty();
    String job = startedJob();
    JsonNode started = VendorHttp.json().readTree(fake.server.last().body());
    assertThat(started.at("/Media/MediaFileUri").asText())
        .startsWith("s3://" + TestBucket.BUCKET + "/media/");
    assertThat(store.head(output())).isEmpty();

    fake.finish(job, AwsTranscribeTest.DIARIZED);
    assertThat(entry.transcribe(completion(job, "COMPLETED")).batchItemFailures()).isEmpty();

    Vcon written = Vcon.parse(store.getBytes(output(), 10_000_000));
    Analysis transcript = written.analysis().get(0);
    assertThat(transcript.type()).contains("transcript");
    assertThat(transcript.vendor()).contains("aws");
    assertThat(transcript.body().orElseThrow().path("text").asText())
        .isEqualTo("I've been on hold. My card is four one one one.");
    long started1 =
        fake.server.received().stream()
            .filter(r -> "Transcribe.StartTranscriptionJob".equals(r.header("X-Amz-Target")))
            .filter(r -> new String(r.body(), StandardCharsets.UTF_8).contains(job))
            .count();
    assertThat(started1).as("one job, never restarted").isEqualTo(1);

    // EventBridge delivers at least once: the same event again writes nothing new.
    byte[] first = store.getBytes(output(), 10_000_000);
    assertThat(entry.transcribe(completion(job, "COMPLETED")).batchItemFailures()).isEmpty();
    assertThat(store.getBytes(output(), 10_000_000)).isEqualTo(first);
  }

  @Test
  void aFailedJob_quarantinesTheInput_withTranscribesReason() throws IOException {
    TranscribeFunction entry = new TranscribeFunction();
    entry.transcribe(direct(ingested()));
    String job = startedJob();
    fake.fail(job, "The media format provided does not match the detected media format.");

    assertThat(entry.transcribe(completion(job, "FAILED")).batchItemFailures()).isEmpty();

    assertThat(store.head(output())).isEmpty();
    String quarantined = "quarantine/" + PIPELINE + "/transcribe/" + conversation + ".json";
    assertThat(new String(store.getBytes(quarantined, 1_000_000), StandardCharsets.UTF_8))
        .contains("media format");
  }

  @Test
  void anEventForAJobThisStageNeverStarted_failsTheInvocation_soLambdaRetriesIt() {
    TranscribeFunction entry = new TranscribeFunction();

    assertThatThrownBy(
            () -> entry.transcribe(completion("conserver-unknown-d0-c0-0f", "COMPLETED")))
        .hasMessageContaining("no record of Transcribe job conserver-unknown-d0-c0-0f");
  }

  @Test
  void anEventOfAJobStillRunning_orAMalformedOne_isAcknowledgedWithoutWork() throws IOException {
    TranscribeFunction entry = new TranscribeFunction();
    ObjectNode noName = completion("x", "COMPLETED");
    ((ObjectNode) noName.get("detail")).remove("TranscriptionJobName");
    int before = fake.server.received().size();

    assertThat(entry.transcribe(completion("conserver-any", "IN_PROGRESS")).batchItemFailures())
        .isEmpty();
    assertThat(entry.transcribe(noName).batchItemFailures()).isEmpty();
    assertThat(fake.server.received()).hasSize(before);
  }

  private static long calls(String target, String job) {
    return fake.server.received().stream()
        .filter(r -> target.equals(r.header("X-Amz-Target")))
        .filter(r -> new String(r.body(), StandardCharsets.UTF_8).contains(job))
        .count();
  }

  /**
   * A job whose completion event never comes: the sweep tick (the same one Google's stages get)
   * leaves it to its event until the stage's give_up_after (default PT6H) has passed, then polls it
   * once: still running, so the input is quarantined and a late event changes nothing.
   */
  @Test
  void aJobWhoseEventNeverComes_isGivenUpAfterSixHours_andALateEventChangesNothing()
      throws IOException {
    store.list("jobs/" + PIPELINE + "/").forEach(record -> store.delete(record.key()));
    MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
    StageFunctions functions = new StageFunctions(FunctionSettings.fromEnvironment(), clock);
    JsonNode tick = VendorHttp.json().createObjectNode().put("sweep", "jobs");
    TranscribeFunction.handle(functions, direct(ingested()));
    String job = startedJob();

    clock.advance(Duration.ofHours(5).plusMinutes(59));
    assertThat(TranscribeFunction.handle(functions, tick).batchItemFailures()).isEmpty();
    assertThat(calls("Transcribe.GetTranscriptionJob", job))
        .as("its event may still come")
        .isZero();

    clock.advance(Duration.ofMinutes(1));
    assertThat(TranscribeFunction.handle(functions, tick).batchItemFailures()).isEmpty();
    assertThat(calls("Transcribe.GetTranscriptionJob", job)).isEqualTo(1);
    String quarantined = "quarantine/" + PIPELINE + "/transcribe/" + conversation + ".json";
    assertThat(new String(store.getBytes(quarantined, 1_000_000), StandardCharsets.UTF_8))
        .contains("the aws transcription job " + job)
        .contains("has not completed within give_up_after PT6H");
    assertThat(store.head(output())).isEmpty();

    fake.finish(job, AwsTranscribeTest.DIARIZED);
    assertThat(
            TranscribeFunction.handle(functions, completion(job, "COMPLETED")).batchItemFailures())
        .isEmpty();
    assertThat(store.head(output())).as("given up on: the input stays quarantined").isEmpty();
    assertThat(calls("Transcribe.GetTranscriptionJob", job)).isEqualTo(1);
  }

  @Test
  void aJobWhoseEventWasLost_isCollectedByTheSweepPastGiveUpAfter() throws IOException {
    store.list("jobs/" + PIPELINE + "/").forEach(record -> store.delete(record.key()));
    MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
    StageFunctions functions = new StageFunctions(FunctionSettings.fromEnvironment(), clock);
    TranscribeFunction.handle(functions, direct(ingested()));
    fake.finish(startedJob(), AwsTranscribeTest.DIARIZED);

    clock.advance(Duration.ofHours(7));
    TranscribeFunction.handle(functions, VendorHttp.json().createObjectNode().put("sweep", "jobs"));

    assertThat(Vcon.parse(store.getBytes(output(), 10_000_000)).analysis()).hasSize(1);
  }
}
