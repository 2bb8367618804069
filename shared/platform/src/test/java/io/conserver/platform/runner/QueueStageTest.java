package io.conserver.platform.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a self-run queue consumer (Kafka, NATS) does with a message once the stage ran. */
class QueueStageTest {
  private static final String UUID = "019f15a6-a752-826f-b9a2-279e0d16bc01";

  @TempDir Path dir;
  private FileSystemBlobStore store;
  private QueueStage stage;

  @BeforeEach
  void setUp() {
    store = new FileSystemBlobStore("acme-bucket", dir.resolve("b"), dir.resolve("m"));
    var pipeline =
        PipelineParser.parse(
            "{\"name\":\"default\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\",\"max_receive_count\":3}]}"
                .getBytes(StandardCharsets.UTF_8),
            "test");
    Clock clock = Clock.systemUTC();
    StageRunner runner =
        new StageRunner(store, "acme", pipeline, "ingest", new FlakyWhenAsked(), clock);
    stage = new QueueStage(new StageTrigger(runner, store, "acme", "default", clock));
  }

  private byte[] notificationOf(String subject) {
    String vcon =
        "{\"uuid\":\""
            + UUID
            + "\",\"created_at\":\"2026-11-26T09:00:00Z\",\"subject\":\""
            + subject
            + "\"}";
    BlobMetadata object =
        store.putBytes(
            "inbox/default/call.json", vcon.getBytes(StandardCharsets.UTF_8), PutOptions.JSON);
    return ("{\"Records\":[{\"eventSource\":\"minio:s3\",\"eventName\":\"s3:ObjectCreated:Put\","
            + "\"s3\":{\"bucket\":{\"name\":\"acme-bucket\"},\"object\":{\"key\":\"inbox%2Fdefault%2Fcall.json\",\"size\":"
            + object.size()
            + "}}}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void written_isAcknowledged_andTheBoundIsTheStagesMaxReceiveCount() {
    assertThat(stage.maxDeliveries()).isEqualTo(3);
    assertThat(stage.handle(notificationOf("ok"), Map.of(), 1, 1))
        .isInstanceOf(QueueStage.Decision.Ack.class);
    assertThat(store.head("vcons/default/ingest/" + UUID + ".vcon.json")).isPresent();
  }

  @Test
  void
      transientFailure_isRetried_withTheTransportsCount_thenQuarantinedAndAcknowledgedAtTheBound() {
    byte[] message = notificationOf("flaky");
    assertThat(stage.handle(message, Map.of(), 1, 1)).isInstanceOf(QueueStage.Decision.Retry.class);
    assertThat(stage.handle(message, Map.of(), 2, 2)).isInstanceOf(QueueStage.Decision.Retry.class);
    // The transport counted: no attempt markers in the bucket.
    assertThat(store.list("attempts/")).isEmpty();
    assertThat(stage.handle(message, Map.of(), 3, 3)).isInstanceOf(QueueStage.Decision.Ack.class);
    assertThat(store.list("quarantine/default/ingest/")).hasSize(1);
  }

  @Test
  void withoutATransportCount_theRunnerCountsAttemptsInTheBucket() {
    byte[] message = notificationOf("flaky");
    assertThat(stage.handle(message, Map.of(), 0, 1)).isInstanceOf(QueueStage.Decision.Retry.class);
    assertThat(store.list("attempts/default/ingest/")).hasSize(1);
  }

  @Test
  void aMessageBackAfterTheBound_isDeadLettered_unprocessed() {
    QueueStage.Decision decision = stage.handle(notificationOf("ok"), Map.of(), 4, 4);
    assertThat(decision).isInstanceOf(QueueStage.Decision.DeadLetter.class);
    assertThat(((QueueStage.Decision.DeadLetter) decision).reason())
        .contains("delivered 4 times")
        .contains("bound of 3");
    assertThat(store.list("vcons/")).isEmpty();
  }

  @Test
  void storeUnreachable_isRetried_thenDeadLetteredAtTheBound() throws IOException {
    byte[] message = notificationOf("ok");
    // The store's disk goes away: every read and write fails, the failure cannot be recorded.
    Path root = dir.resolve("b");
    Path moved = dir.resolve("b-away");
    Files.move(root, moved);
    Files.writeString(root, "not a directory");

    assertThat(stage.handle(message, Map.of(), 2, 2)).isInstanceOf(QueueStage.Decision.Retry.class);
    QueueStage.Decision last = stage.handle(message, Map.of(), 3, 3);
    assertThat(last).isInstanceOf(QueueStage.Decision.DeadLetter.class);
    assertThat(((QueueStage.Decision.DeadLetter) last).reason()).contains("attempt 3 of 3");
    // Best effort: no quarantine record while the store is down, and no exception either.
    stage.recordDeadLetter("m-1", message, 3, "store down");

    Files.delete(root);
    Files.move(moved, root);
    stage.recordDeadLetter("m-1", message, 3, "store down");
    assertThat(store.list("quarantine/default/ingest/"))
        .singleElement()
        .satisfies(
            q ->
                assertThat(new String(store.getBytes(q.key(), 1 << 20), StandardCharsets.UTF_8))
                    .contains("\"class\":\"DeadLettered\"")
                    .contains("\"message_id\":\"m-1\""));
  }
}
