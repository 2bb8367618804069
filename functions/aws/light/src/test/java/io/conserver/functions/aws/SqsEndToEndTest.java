package io.conserver.functions.aws;

import static io.conserver.functions.aws.LambdaEvents.failedIds;
import static io.conserver.functions.aws.LambdaEvents.invoke;
import static io.conserver.functions.aws.LambdaEvents.outputKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.testing.S3Notifications;
import io.conserver.testing.TestBucket;
import io.conserver.testing.TestVcons;
import io.conserver.testing.TestVcons.Vcon;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * End to end with real parts: the object is put to the S3-compatible store, its S3 notification
 * (built as S3 builds it) goes through an SQS-compatible queue (ElasticMQ in-process, real SQS wire
 * API, spoken to by the real AWS SDK SQS client), the messages received are wrapped in the Lambda
 * SQS event envelope as the event source mapping does (messageId, receiptHandle, body,
 * attributes.ApproximateReceiveCount...), and the function's partial-batch response decides which
 * messages are deleted and which come back.
 *
 * <p>What the test plays itself: the Lambda event source mapping (receive, wrap, delete the
 * messages not listed in {@code batchItemFailures}) and the expiry of the visibility timeout (set
 * to 0 instead of waiting). It does not prove how AWS's own mapping behaves beyond its documented
 * contract.
 */
@QuarkusTest
class SqsEndToEndTest {
  private static SQSRestServer queueServer;
  private static SqsClient sqs;
  private static String queueUrl;
  private static TestBucket bucket;
  private static BlobStore store;

  @BeforeAll
  static void start() {
    bucket = TestBucket.shared();
    store = bucket.store();
    queueServer = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    int port = queueServer.waitUntilStarted().localAddress().getPort();
    sqs =
        SqsClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + port))
            .region(Region.of(TestBucket.REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    queueUrl =
        sqs.createQueue(
                b ->
                    b.queueName("conserver-acme-default-ingest")
                        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30")))
            .queueUrl();
  }

  @AfterAll
  static void stop() {
    if (sqs != null) {
      sqs.close();
    }
    if (queueServer != null) {
      queueServer.stopAndWait();
    }
  }

  @BeforeEach
  void emptyQueue() {
    sqs.purgeQueue(b -> b.queueUrl(queueUrl));
  }

  @Test
  void notificationThroughTheQueue_isIngested_andARedeliveryWritesNothingTwice() {
    Vcon vcon = TestVcons.vcon("through the queue");
    BlobMetadata object = drop("queue/call 7+x " + vcon.uuid() + ".json", vcon);
    sendNotificationOf(object);

    List<Message> first = receive(1);
    assertThat(failedIds(invoke(envelope(first)))).isEmpty();
    assertThat(store.head(outputKey(vcon.uuid()))).isPresent();

    // The delete is lost (say the poller timed out): the message comes back when its visibility
    // timeout expires, with a higher receive count.
    expireVisibility(first);
    List<Message> again = receive(1);
    assertThat(again.get(0).messageId()).isEqualTo(first.get(0).messageId());
    assertThat(again.get(0).attributes())
        .containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
    assertThat(failedIds(invoke(envelope(again)))).isEmpty();
    delete(again, List.of());

    assertThat(outputsOf(vcon)).containsExactly(outputKey(vcon.uuid()));
    assertThat(store.list("ledger/" + vcon.uuid() + "/")).hasSize(1);
    assertThat(receiveNow()).isEmpty();
  }

  @Test
  void partialBatchFailure_onlyTheFailedMessageComesBack_andSucceedsOnRedelivery() {
    Vcon good = TestVcons.vcon("good");
    Vcon delayed = TestVcons.vcon("delayed");
    BlobMetadata goodObject = drop("queue/good-" + good.uuid() + ".json", good);
    BlobMetadata delayedObject = drop("queue/delayed-" + delayed.uuid() + ".json", delayed);
    bucket.unavailable.add(delayedObject.key());
    sendNotificationOf(goodObject);
    sendNotificationOf(delayedObject);
    // S3 delivers at least once: the same notification may arrive twice.
    sendNotificationOf(goodObject);

    List<Message> batch = receive(3);
    List<String> failed = failedIds(invoke(envelope(batch)));
    String delayedId = messageFor(batch, delayedObject).messageId();
    assertThat(failed).containsExactly(delayedId);
    delete(batch, failed);

    bucket.unavailable.remove(delayedObject.key());
    expireVisibility(batch.stream().filter(m -> failed.contains(m.messageId())).toList());
    List<Message> redelivered = receive(1);
    assertThat(redelivered).extracting(Message::messageId).containsExactly(delayedId);
    assertThat(failedIds(invoke(envelope(redelivered)))).isEmpty();
    delete(redelivered, List.of());

    assertThat(outputsOf(good)).containsExactly(outputKey(good.uuid()));
    assertThat(outputsOf(delayed)).containsExactly(outputKey(delayed.uuid()));
    assertThat(receiveNow()).isEmpty();
  }

  private static BlobMetadata drop(String name, Vcon vcon) {
    return store.putBytes("inbox/default/" + name, vcon.json(), PutOptions.JSON);
  }

  private static void sendNotificationOf(BlobMetadata object) {
    sqs.sendMessage(
        b ->
            b.queueUrl(queueUrl)
                .messageBody(LambdaEvents.s3Notification(TestBucket.BUCKET, object)));
  }

  /** Receives until {@code count} messages are in hand (a receive may return fewer). */
  private static List<Message> receive(int count) {
    List<Message> messages = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (messages.size() < count && System.nanoTime() < deadline) {
      messages.addAll(
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .messages());
    }
    assertThat(messages).hasSize(count);
    return messages;
  }

  private static List<Message> receiveNow() {
    return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
        .messages();
  }

  private static void expireVisibility(List<Message> messages) {
    for (Message m : messages) {
      sqs.changeMessageVisibility(
          b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
    }
  }

  /** What the event source mapping does with a partial-batch response. */
  private static void delete(List<Message> batch, List<String> failed) {
    List<DeleteMessageBatchRequestEntry> entries =
        batch.stream()
            .filter(m -> !failed.contains(m.messageId()))
            .map(
                m ->
                    DeleteMessageBatchRequestEntry.builder()
                        .id(m.messageId())
                        .receiptHandle(m.receiptHandle())
                        .build())
            .toList();
    if (!entries.isEmpty()) {
      assertThat(sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries)).failed())
          .isEmpty();
    }
  }

  private static Message messageFor(List<Message> batch, BlobMetadata object) {
    String encoded = S3Notifications.encodeKey(object.key());
    return batch.stream().filter(m -> m.body().contains(encoded)).findFirst().orElseThrow();
  }

  private static List<String> outputsOf(Vcon vcon) {
    return store.list("vcons/default/ingest/").stream()
        .map(BlobMetadata::key)
        .filter(k -> k.contains(vcon.uuid()))
        .toList();
  }

  /** The Lambda SQS event for received messages, as the event source mapping builds it. */
  private static String envelope(List<Message> messages) {
    ObjectNode event = LambdaEvents.JSON.createObjectNode();
    ArrayNode records = event.putArray("Records");
    for (Message m : messages) {
      ObjectNode record = records.addObject();
      record.put("messageId", m.messageId());
      record.put("receiptHandle", m.receiptHandle());
      record.put("body", m.body());
      ObjectNode attributes = record.putObject("attributes");
      m.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
      record.putObject("messageAttributes");
      record.put("md5OfBody", m.md5OfBody());
      record.put("eventSource", "aws:sqs");
      record.put("eventSourceARN", LambdaEvents.QUEUE_ARN);
      record.put("awsRegion", TestBucket.REGION);
    }
    return event.toString();
  }
}
