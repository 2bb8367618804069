package io.conserver.functions.transcribe.cloud.google;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.transcribe.IngestedCall;
import io.conserver.functions.transcribe.PendingJobs;
import io.conserver.functions.transcribe.TranscribeFunction;
import io.conserver.platform.funqy.BatchResponse;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code transcribe} entry with {@code engine: google-stt}, which sends no completion event:
 * the schedule tick {@code {"sweep": "jobs"}} makes it poll the operations of its pending job
 * records (the Speech-to-Text contract fake) and write or quarantine each conversation once. The
 * tenant's bucket is s3proxy through the production S3 store. The job records are written as the
 * stage writes them after batchRecognize (which needs a {@code gs://} recording, not s3proxy's), on
 * operations the fake started, with their start time set to make them due or not.
 */
class JobSweepEntryTest {
  static final String PIPELINE = "calls";
  static final String PROJECT = "acme-prod";
  static final String LOCATION = "europe-west4";
  static final String DONE =
      """
      {"inlineResult":{"transcript":{"results":[
        {"alternatives":[{"transcript":"my card is 4111","confidence":0.9,"words":[
          {"startOffset":"0.5s","endOffset":"0.9s","word":"my","confidence":0.9,"speakerLabel":"1"},
          {"startOffset":"0.9s","endOffset":"1.2s","word":"card","confidence":0.9,"speakerLabel":"1"},
          {"startOffset":"1.2s","endOffset":"1.4s","word":"is","confidence":0.9,"speakerLabel":"1"},
          {"startOffset":"1.5s","endOffset":"2.3s","word":"4111","confidence":0.8,"speakerLabel":"1"}]}],
         "resultEndOffset":"2.4s","languageCode":"en-us"}]}},
       "metadata":{"totalBilledDuration":"3s"}}
      """;

  /** The stages' clock: the tests move it instead of waiting. */
  private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));

  private static TestBucket bucket;
  private static GoogleSpeechFake fake;
  private BlobStore store;
  private static Entry entry;

  /**
   * The {@code transcribe} entry on a deployment of its own: {@link StageFunctions#fromEnvironment}
   * is one per process, and other entry tests configure it with another engine.
   */
  private record Entry(StageFunctions functions) {
    BatchResponse transcribe(JsonNode event) {
      return TranscribeFunction.handle(functions, event);
    }
  }

  @BeforeAll
  static void start() throws IOException {
    bucket = TestBucket.shared();
    fake = new GoogleSpeechFake();
    System.setProperty("conserver.pipeline", PIPELINE);
    System.setProperty("conserver.pipeline-json", pipeline());
    entry = new Entry(new StageFunctions(FunctionSettings.fromEnvironment(), CLOCK));
  }

  @AfterAll
  static void stop() {
    fake.close();
    for (String name : List.of("conserver.pipeline", "conserver.pipeline-json")) {
      System.clearProperty(name);
    }
  }

  /** Each test sees only its own job records (and a sweep cursor of its own). */
  @BeforeEach
  void setUp() {
    store = bucket.store();
    store.list("jobs/" + PIPELINE + "/").forEach(record -> store.delete(record.key()));
  }

  private static String pipeline() {
    ObjectNode options = VendorHttp.json().createObjectNode();
    options.put("engine", "google-stt").put("project", PROJECT).put("location", LOCATION);
    options.put("endpoint", fake.server.uri().toString());
    options.put(
        "metadata_endpoint",
        fake.server.uri() + "/computeMetadata/v1/instance/service-accounts/default/token");
    options.put("language", "en-US");
    options.put("give_up_after", "PT3H");
    return IngestedCall.pipelineJson(PIPELINE, options);
  }

  /** A conversation whose operation was started {@code ago}; the operation's name. */
  private String pending(UUID conversation, Duration ago) throws IOException {
    String input = IngestedCall.stored(store, PIPELINE, conversation);
    String operation =
        fake.operation(PROJECT, LOCATION, "gs://conserver-acme/media/" + conversation);
    new PendingJobs(new JobArea(store, PIPELINE, "transcribe"))
        .record(
            new PendingJobs.Job(
                "google",
                operation,
                input,
                conversation.toString(),
                0,
                -1,
                CLOCK.instant().minus(ago)));
    return operation;
  }

  private static ObjectNode tick(int max) {
    return VendorHttp.json().createObjectNode().put("sweep", "jobs").put("max", max);
  }

  private static String output(UUID conversation) {
    return "vcons/" + PIPELINE + "/transcribe/" + conversation + ".vcon.json";
  }

  private static long polls(String operation) {
    return fake.server.received().stream()
        .filter(r -> r.method().equals("GET") && r.path().equals("/v2/" + operation))
        .count();
  }

  @Test
  void aDoneOperation_isWrittenOnce_andASecondSweepDoesNothing() throws IOException {
    UUID conversation = UUID.randomUUID();
    String operation = pending(conversation, Duration.ofMinutes(10));
    fake.finish(operation, DONE);

    assertThat(entry.transcribe(tick(100)).batchItemFailures()).isEmpty();

    Vcon written = Vcon.parse(store.getBytes(output(conversation), 10_000_000));
    Analysis transcript = written.analysis().get(0);
    assertThat(transcript.vendor()).contains("google");
    assertThat(transcript.body().orElseThrow().path("text").asText())
        .isEqualTo("my card is four one one one");
    byte[] first = store.getBytes(output(conversation), 10_000_000);
    long polled = polls(operation);

    assertThat(entry.transcribe(tick(100)).batchItemFailures()).isEmpty();
    assertThat(store.getBytes(output(conversation), 10_000_000)).isEqualTo(first);
    assertThat(polls(operation)).as("a resolved job is not polled again").isEqualTo(polled);
  }

  @Test
  void aRunningOperation_staysPending_andNothingIsWritten() throws IOException {
    UUID conversation = UUID.randomUUID();
    String operation = pending(conversation, Duration.ofMinutes(10));

    entry.transcribe(tick(100));

    assertThat(polls(operation)).isEqualTo(1);
    assertThat(store.head(output(conversation))).isEmpty();
    assertThat(store.head("quarantine/" + PIPELINE + "/transcribe/" + conversation + ".json"))
        .isEmpty();

    // It is polled again on the next tick, and collected once it ends.
    fake.finish(operation, DONE);
    entry.transcribe(tick(100));
    assertThat(polls(operation)).isEqualTo(2);
    assertThat(store.head(output(conversation))).isPresent();
  }

  @Test
  void aFailedOperation_quarantinesTheInput_withGooglesReason() throws IOException {
    UUID conversation = UUID.randomUUID();
    String operation = pending(conversation, Duration.ofMinutes(10));
    fake.finish(operation, "{\"error\":{\"code\":3,\"message\":\"Audio can't be decoded.\"}}");

    entry.transcribe(tick(100));

    assertThat(store.head(output(conversation))).isEmpty();
    String quarantined = "quarantine/" + PIPELINE + "/transcribe/" + conversation + ".json";
    assertThat(new String(store.getBytes(quarantined, 1_000_000), StandardCharsets.UTF_8))
        .contains("can't be decoded");
    long polled = polls(operation);
    entry.transcribe(tick(100));
    assertThat(polls(operation)).as("a quarantined job is not polled again").isEqualTo(polled);
  }

  @Test
  void aJobStartedLessThanAMinuteAgo_waitsForALaterTick() throws IOException {
    UUID young = UUID.randomUUID();
    UUID old = UUID.randomUUID();
    String youngOperation = pending(young, Duration.ofSeconds(5));
    String oldOperation = pending(old, Duration.ofMinutes(3));
    fake.finish(youngOperation, DONE);
    fake.finish(oldOperation, DONE);

    entry.transcribe(tick(100));

    assertThat(polls(youngOperation)).isZero();
    assertThat(store.head(output(young))).isEmpty();
    assertThat(store.head(output(old))).isPresent();
  }

  @Test
  void atMostMaxJobsPerTick_theRestOnTheNext_andThePubSubWrappedTickWorksAlike()
      throws IOException {
    List<UUID> conversations = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    for (UUID conversation : conversations) {
      fake.finish(pending(conversation, Duration.ofMinutes(30)), DONE);
    }
    assertThat(entry.transcribe(tick(2)).batchItemFailures()).isEmpty();
    assertThat(conversations.stream().filter(c -> store.head(output(c)).isPresent()).count())
        .isEqualTo(2);

    ObjectNode push = VendorHttp.json().createObjectNode();
    push.putObject("message")
        .put(
            "data",
            Base64.getEncoder().encodeToString(tick(2).toString().getBytes(StandardCharsets.UTF_8)))
        .put("messageId", "1");
    push.put("subscription", "projects/acme/subscriptions/transcribe-sweep");
    entry.transcribe(push);
    assertThat(conversations).allSatisfy(c -> assertThat(store.head(output(c))).isPresent());
  }

  @Test
  void aJobWhoseInputIsGone_takesNoPlaceInTheTick() throws IOException {
    UUID erased = UUID.randomUUID();
    String erasedOperation = pending(erased, Duration.ofMinutes(20));
    store.delete("vcons/" + PIPELINE + "/ingest/" + erased + ".vcon.json");
    UUID live = UUID.randomUUID();
    fake.finish(pending(live, Duration.ofMinutes(10)), DONE);

    entry.transcribe(tick(1));

    assertThat(store.head(output(live))).isPresent();
    assertThat(polls(erasedOperation)).isZero();
  }

  @Test
  void aTickForAnotherBucket_touchesNothing() throws IOException {
    UUID conversation = UUID.randomUUID();
    String operation = pending(conversation, Duration.ofMinutes(10));
    fake.finish(operation, DONE);

    entry.transcribe(tick(100).put("bucket", "another-tenant"));

    assertThat(polls(operation)).isZero();
    assertThat(store.head(output(conversation))).isEmpty();
  }

  private static final String GAVE_UP =
      "has not completed within give_up_after PT3H; gave up on it";

  private static String quarantine(UUID conversation) {
    return "quarantine/" + PIPELINE + "/transcribe/" + conversation + ".json";
  }

  @Test
  void anOperationStillRunningPastGiveUpAfter_isClosedAndQuarantinedOnce_evenWhenTwoSweepsRace()
      throws Exception {
    UUID conversation = UUID.randomUUID();
    String operation = pending(conversation, Duration.ofMinutes(10));
    String input = "vcons/" + PIPELINE + "/ingest/" + conversation + ".vcon.json";
    byte[] original = store.getBytes(input, 10_000_000);

    CLOCK.advance(Duration.ofHours(2)); // 2 h 10 min: still within PT3H
    entry.transcribe(tick(100));
    assertThat(polls(operation)).isEqualTo(1);
    assertThat(store.head(quarantine(conversation))).isEmpty();

    CLOCK.advance(Duration.ofHours(1)); // 3 h 10 min: past it
    ExecutorService sweeps = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<BatchResponse>> both = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        both.add(
            sweeps.submit(
                () -> {
                  go.await();
                  return entry.transcribe(tick(100));
                }));
      }
      go.countDown();
      for (Future<BatchResponse> sweep : both) {
        assertThat(sweep.get(60, TimeUnit.SECONDS).batchItemFailures()).isEmpty();
      }
    } finally {
      sweeps.shutdownNow();
    }

    String record = new String(store.getBytes(quarantine(conversation), 1_000_000), UTF_8);
    assertThat(record)
        .contains("InvalidInputException")
        .contains("dialog 0: the google transcription job " + operation)
        .contains(GAVE_UP)
        .contains("retrying this quarantined input starts a new transcription job");
    assertThat(store.head(output(conversation))).isEmpty();
    assertThat(store.getBytes(input, 10_000_000)).as("the input is kept").isEqualTo(original);
    List<String> closed =
        store.list("jobs/" + PIPELINE + "/transcribe/closed/").stream()
            .map(closure -> new String(store.getBytes(closure.key(), 1_000_000), UTF_8))
            .toList();
    assertThat(closed).singleElement().asString().contains(operation).contains(GAVE_UP);
    assertThat(new PendingJobs(new JobArea(store, PIPELINE, "transcribe")).open()).isEmpty();

    long polled = polls(operation);
    CLOCK.advance(Duration.ofHours(1));
    entry.transcribe(tick(100));
    assertThat(polls(operation)).as("a closed job is not polled again").isEqualTo(polled);
  }

  @Test
  void operationsThatStayRunning_doNotStarveNewerOnes_theSweepGoesOnWhereTheLastStopped()
      throws IOException {
    List<String> stuck = new ArrayList<>();
    for (int minutes : List.of(40, 30, 20)) {
      stuck.add(pending(UUID.randomUUID(), Duration.ofMinutes(minutes)));
    }
    UUID newer = UUID.randomUUID();
    fake.finish(pending(newer, Duration.ofMinutes(5)), DONE);

    entry.transcribe(tick(2)); // the two oldest
    assertThat(stuck.stream().map(JobSweepEntryTest::polls)).containsExactly(1L, 1L, 0L);
    assertThat(store.head(output(newer))).isEmpty();

    entry.transcribe(tick(2)); // then the next two, not the two oldest again
    assertThat(stuck.stream().map(JobSweepEntryTest::polls)).containsExactly(1L, 1L, 1L);
    assertThat(store.head(output(newer))).isPresent();

    entry.transcribe(tick(2)); // and round again from the oldest
    assertThat(stuck.stream().map(JobSweepEntryTest::polls)).containsExactly(2L, 2L, 1L);
  }
}
