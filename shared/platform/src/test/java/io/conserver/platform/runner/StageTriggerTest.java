package io.conserver.platform.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.VconJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw transport payloads (as the cloud triggers deliver them) through decoding into the runner. */
class StageTriggerTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  private static final PipelineDeclaration PIPELINE =
      PipelineParser.parse(
          "{\"name\":\"default\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\",\"max_receive_count\":2}]}"
              .getBytes(StandardCharsets.UTF_8),
          "test");

  @TempDir Path dir;
  private FileSystemBlobStore store;
  private StageTrigger trigger;

  @BeforeEach
  void setUp() {
    store = new FileSystemBlobStore("acme-bucket", dir.resolve("b"), dir.resolve("m"));
    StageRunner runner =
        new StageRunner(store, "acme", PIPELINE, "ingest", new FlakyWhenAsked(), CLOCK);
    trigger = new StageTrigger(runner, store, "acme", "default", CLOCK);
  }

  private void put(String key, String uuidSuffix, String subject) {
    String vcon =
        "{\"uuid\":\"019f15a6-a752-826f-b9a2-279e0d16bc"
            + uuidSuffix
            + "\",\"created_at\":\"2026-11-26T09:00:00Z\",\"subject\":\""
            + subject
            + "\"}";
    store.putBytes(key, vcon.getBytes(StandardCharsets.UTF_8), PutOptions.JSON);
  }

  private static String s3Record(String key) {
    return "{\\\"Records\\\":[{\\\"eventVersion\\\":\\\"2.1\\\",\\\"eventSource\\\":\\\"aws:s3\\\",\\\"eventName\\\":\\\"ObjectCreated:Put\\\","
        + "\\\"s3\\\":{\\\"bucket\\\":{\\\"name\\\":\\\"acme-bucket\\\"},\\\"object\\\":{\\\"key\\\":\\\""
        + key
        + "\\\",\\\"size\\\":10,\\\"eTag\\\":\\\"abc\\\"}}}]}";
  }

  private static String sqsBatch(String... records) {
    StringBuilder json = new StringBuilder("{\"Records\":[");
    for (int i = 0; i < records.length; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"messageId\":\"m")
          .append(i)
          .append("\",\"receiptHandle\":\"r\",\"body\":\"")
          .append(records[i])
          .append(
              "\",\"attributes\":{\"ApproximateReceiveCount\":\"1\"},\"eventSource\":\"aws:sqs\"}");
    }
    return json.append("]}").toString();
  }

  @Test
  void sqsBatch_onePoisonAndOneFlakyRecord_onlyTheFlakyOneIsReportedFailed() {
    put("inbox/default/good.json", "01", "fine");
    put("inbox/default/flaky.json", "02", "flaky");
    String batch =
        sqsBatch(
            s3Record("inbox/default/good.json"),
            "not an event",
            s3Record("inbox/default/flaky.json"));

    List<StageTrigger.DeliveryResult> results =
        trigger.handle(batch.getBytes(StandardCharsets.UTF_8), Map.of());

    assertThat(results)
        .extracting(StageTrigger.DeliveryResult::messageId)
        .containsExactly("m0", "m1", "m2");
    assertThat(results.get(0).outcomes()).containsExactly(StageOutcome.WRITTEN);
    assertThat(results.get(1).outcomes()).containsExactly(StageOutcome.QUARANTINED);
    assertThat(StageTrigger.failedMessageIds(results)).containsExactly("m2");
    assertThat(store.list("vcons/default/ingest/")).hasSize(1);
  }

  @Test
  void undecodablePayload_isKeptInQuarantine_withItsReason() {
    byte[] garbage = "{\"what\":\"is this\"}".getBytes(StandardCharsets.UTF_8);

    List<StageTrigger.DeliveryResult> results = trigger.handle(garbage, Map.of());

    assertThat(results).singleElement().satisfies(r -> assertThat(r.retry()).isFalse());
    var records = store.list("quarantine/default/ingest/");
    assertThat(records).singleElement().satisfies(m -> assertThat(m.key()).contains("/event-"));
    JsonNode record = VconJson.codec().read(store.getBytes(records.get(0).key(), 100_000));
    assertThat(record.path("error").path("class").asText()).isEqualTo("UndecodableEvent");
    assertThat(record.path("payload").asText()).isEqualTo("{\"what\":\"is this\"}");
  }

  @Test
  void s3TestEvent_isIgnored_nothingWritten() {
    byte[] test =
        "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-11-26T10:00:00.000Z\",\"Bucket\":\"acme-bucket\"}"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(trigger.handle(test, Map.of()))
        .singleElement()
        .satisfies(r -> assertThat(r.outcomes()).containsExactly(StageOutcome.IGNORED));
    assertThat(store.list("")).isEmpty();
  }
}
