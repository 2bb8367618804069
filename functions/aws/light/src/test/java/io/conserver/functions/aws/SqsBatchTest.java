package io.conserver.functions.aws;

import static io.conserver.functions.aws.LambdaEvents.failedIds;
import static io.conserver.functions.aws.LambdaEvents.invoke;
import static io.conserver.functions.aws.LambdaEvents.outputKey;
import static io.conserver.functions.aws.LambdaEvents.s3Notification;
import static io.conserver.functions.aws.LambdaEvents.sqsBatch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.aws.LambdaEvents.SqsRecord;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.testing.TestBucket;
import io.conserver.testing.TestVcons;
import io.conserver.testing.TestVcons.Vcon;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Lambda package's {@code ingest} export driven through the Lambda harness (mock Runtime API →
 * the real {@code FunqyStreamHandler} path) with SQS batches whose bodies are S3 notifications of
 * objects put first to an S3-compatible store (s3proxy over TLS, see {@link TestBucket}).
 *
 * <p>Proves: the raw SQS envelope reaches the function (advanced event handling off); the response
 * lists exactly the records SQS must redeliver; poison bodies and invalid vCons are quarantined and
 * acknowledged; the receive count bounds retries; redelivery writes nothing twice. Does not prove
 * anything about AWS itself (IAM, the event source mapping's ReportBatchItemFailures setting, real
 * S3 notifications): those are Terraform's, checked offline.
 */
@QuarkusTest
class SqsBatchTest {
  /** The third record of {@code events/sqs-s3-batch.json}: a body cut short. */
  private static final String POISON_BODY =
      "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"eu-west-1\",\"eventTime\":\"202";

  private static TestBucket bucket;
  private static BlobStore store;

  @BeforeAll
  static void bucket() {
    bucket = TestBucket.shared();
    store = bucket.store();
  }

  private static BlobMetadata drop(String name, byte[] content) {
    return store.putBytes("inbox/default/" + name, content, PutOptions.JSON);
  }

  private static SqsRecord notificationOf(BlobMetadata object) {
    return SqsRecord.of(s3Notification(TestBucket.BUCKET, object));
  }

  @Test
  void batch_reportsExactlyTheRecordToRedeliver_andQuarantinesPoisonAndInvalidInput()
      throws IOException {
    Vcon first = TestVcons.vcon("first call");
    Vcon second = TestVcons.vcon("second call");
    Vcon invalid = TestVcons.malformedVcon();
    Vcon delayed = TestVcons.vcon("store briefly unavailable");
    BlobMetadata invalidDrop = drop("batch/invalid " + invalid.uuid() + ".json", invalid.json());
    BlobMetadata delayedDrop = drop("batch/delayed-" + delayed.uuid() + ".json", delayed.json());
    bucket.unavailable.add(delayedDrop.key());
    SqsRecord good1 = notificationOf(drop("batch/call 1+" + first.uuid() + ".json", first.json()));
    SqsRecord good2 = notificationOf(drop("batch/Zoë-" + second.uuid() + ".json", second.json()));
    SqsRecord poison = SqsRecord.of(POISON_BODY);
    SqsRecord invalidRecord = notificationOf(invalidDrop);
    SqsRecord transientRecord = notificationOf(delayedDrop);

    JsonNode response =
        invoke(sqsBatch(List.of(good1, good2, poison, invalidRecord, transientRecord)));

    assertThat(failedIds(response)).containsExactly(transientRecord.messageId());
    assertThat(store.head(outputKey(first.uuid()))).isPresent();
    assertThat(store.head(outputKey(second.uuid()))).isPresent();
    assertThat(store.head(outputKey(invalid.uuid()))).isEmpty();
    assertThat(store.head(outputKey(delayed.uuid()))).isEmpty();
    JsonNode invalidQuarantine = quarantineFor(invalidDrop.key()).orElseThrow();
    assertThat(invalidQuarantine.at("/error/class").asText()).isEqualTo("InvalidInputException");
    assertThat(invalidQuarantine.at("/error/details").toString()).contains("/dialog/0/parties/1");
    assertThat(quarantineOfMessage(poison.messageId()).orElseThrow().at("/error/class").asText())
        .isEqualTo("UndecodableEvent");
    assertThat(quarantineFor(delayedDrop.key())).isEmpty();

    // SQS redelivers only the failed record, after the visibility timeout; the store is back.
    bucket.unavailable.remove(delayedDrop.key());
    JsonNode retried = invoke(sqsBatch(List.of(transientRecord.redelivered(2))));

    assertThat(failedIds(retried)).isEmpty();
    assertThat(store.head(outputKey(delayed.uuid()))).isPresent();
  }

  @Test
  void recordThatKeepsFailing_isRedeliveredUntilTheReceiveBound_thenQuarantined()
      throws IOException {
    Vcon vcon = TestVcons.vcon("never readable");
    BlobMetadata object = drop("bound/" + vcon.uuid() + ".json", vcon.json());
    bucket.unavailable.add(object.key());
    SqsRecord record = notificationOf(object);

    // The shipped pipeline declares max_receive_count 3 for ingest (the queue's redrive count).
    assertThat(failedIds(invoke(sqsBatch(List.of(record))))).containsExactly(record.messageId());
    assertThat(failedIds(invoke(sqsBatch(List.of(record.redelivered(2))))))
        .containsExactly(record.messageId());
    assertThat(failedIds(invoke(sqsBatch(List.of(record.redelivered(3)))))).isEmpty();

    JsonNode quarantined = quarantineFor(object.key()).orElseThrow();
    assertThat(quarantined.at("/error/attempt").asInt()).isEqualTo(3);
    assertThat(store.head(object.key())).as("the input is never moved").isPresent();
    bucket.unavailable.remove(object.key());
  }

  @Test
  void sameBatchDeliveredTwice_storesOneOutputAndOneLedgerRecordPerConversation() {
    Vcon a = TestVcons.vcon("twice a");
    Vcon b = TestVcons.vcon("twice b");
    String batch =
        sqsBatch(
            List.of(
                notificationOf(drop("twice/a-" + a.uuid() + ".json", a.json())),
                notificationOf(drop("twice/b-" + b.uuid() + ".json", b.json()))));

    assertThat(failedIds(invoke(batch))).isEmpty();
    assertThat(failedIds(invoke(batch))).isEmpty();

    List<String> outputs =
        store.list("vcons/default/ingest/").stream()
            .map(BlobMetadata::key)
            .filter(k -> k.contains(a.uuid()) || k.contains(b.uuid()))
            .toList();
    assertThat(outputs).containsExactlyInAnyOrder(outputKey(a.uuid()), outputKey(b.uuid()));
    assertThat(store.list("ledger/" + a.uuid() + "/")).hasSize(1);
    assertThat(store.list("ledger/" + b.uuid() + "/")).hasSize(1);
  }

  @Test
  void notificationForAnotherBucket_isIgnored_andAcknowledged() {
    Vcon vcon = TestVcons.vcon("other tenant");
    BlobMetadata object = drop("other/" + vcon.uuid() + ".json", vcon.json());
    SqsRecord record = SqsRecord.of(s3Notification("someone-elses-bucket", object));

    assertThat(failedIds(invoke(sqsBatch(List.of(record))))).isEmpty();
    assertThat(store.head(outputKey(vcon.uuid()))).isEmpty();
  }

  @Test
  void directInvoke_runsTheStage() {
    Vcon vcon = TestVcons.vcon("direct");
    BlobMetadata object = drop("direct/" + vcon.uuid() + ".json", vcon.json());

    JsonNode response =
        invoke("{\"bucket\":\"" + TestBucket.BUCKET + "\",\"key\":\"" + object.key() + "\"}");

    assertThat(failedIds(response)).isEmpty();
    assertThat(store.head(outputKey(vcon.uuid()))).isPresent();
  }

  static Optional<JsonNode> quarantineFor(String inputKey) throws IOException {
    for (JsonNode record : quarantine()) {
      if (record.at("/event/key").asText().equals(inputKey)) {
        return Optional.of(record);
      }
    }
    return Optional.empty();
  }

  static Optional<JsonNode> quarantineOfMessage(String messageId) throws IOException {
    for (JsonNode record : quarantine()) {
      if (record.path("message_id").asText().equals(messageId)) {
        return Optional.of(record);
      }
    }
    return Optional.empty();
  }

  private static List<JsonNode> quarantine() throws IOException {
    List<JsonNode> records = new ArrayList<>();
    for (BlobMetadata object : store.list("quarantine/default/ingest/")) {
      records.add(LambdaEvents.JSON.readTree(store.getBytes(object.key(), 1 << 20)));
    }
    return records;
  }
}
