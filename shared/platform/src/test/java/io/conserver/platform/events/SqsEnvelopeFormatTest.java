package io.conserver.platform.events;

import static io.conserver.platform.events.Samples.decode;
import static io.conserver.platform.events.Samples.json;
import static io.conserver.platform.events.Samples.object;
import static io.conserver.platform.events.Samples.only;
import static io.conserver.platform.events.Samples.reason;
import static io.conserver.platform.events.Samples.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqsEnvelopeFormatTest {

  /** An SQS batch of one record whose body is {@code body}. */
  private static ObjectNode sqsWithBody(String body) {
    ObjectNode batch = tree("sqs-s3-batch.json");
    ArrayNode records = (ArrayNode) batch.get("Records");
    while (records.size() > 1) {
      records.remove(1);
    }
    ((ObjectNode) records.get(0)).put("body", body);
    return batch;
  }

  @Test
  void sqsBatch_poisonRecordIsUndecodable_othersDecode() {
    List<Delivery> deliveries = decode("sqs-s3-batch.json");

    assertThat(deliveries).hasSize(3);
    assertThat(deliveries.get(0).outcome())
        .isEqualTo(
            new Outcome.Objects(
                List.of(
                    new ObjectCreated(
                        "acme",
                        "conserver-acme",
                        "inbox/default/call 2.json",
                        1536,
                        "5d41402abc4b2a76b9719d911017c592"))));
    assertThat(deliveries.get(1).outcome())
        .isEqualTo(
            new Outcome.Objects(
                List.of(
                    new ObjectCreated(
                        "acme",
                        "conserver-acme",
                        "inbox/default/recording 12.wav",
                        48215040,
                        "3858f62230ac3c915f300c664312c63f-2"))));
    assertThat(deliveries.get(2).outcome())
        .isEqualTo(new Outcome.Undecodable("SQS body: not valid JSON"));
  }

  @Test
  void sqsBatch_carriesApproximateReceiveCount_andMessageIds() {
    List<Delivery> deliveries = decode("sqs-s3-batch.json");

    assertThat(deliveries).extracting(Delivery::deliveryCount).containsExactly(1, 3, 4);
    assertThat(deliveries)
        .extracting(Delivery::messageId)
        .containsExactly(
            "059f36b4-87a3-44ab-83d2-661975830a7d",
            "2e1424d4-f796-459a-8184-9c92662be6da",
            "8b1c2d3e-4f50-4617-8283-94a5b6c7d8e9");
  }

  @Test
  void sqsBatch_receiveCountThatIsNotANumber_countsAsUnknown() {
    ObjectNode batch = tree("sqs-s3-batch.json");
    ((ObjectNode) batch.at("/Records/0/attributes")).put("ApproximateReceiveCount", "many");
    ((ObjectNode) batch.at("/Records/1")).remove("attributes");

    List<Delivery> deliveries = decode(batch);

    assertThat(deliveries).extracting(Delivery::deliveryCount).containsExactly(0, 0, 4);
    assertThat(deliveries.get(0).outcome()).isInstanceOf(Outcome.Objects.class);
  }

  @Test
  void sqsSnsS3_unwrapsBothEnvelopes_andKeepsTheSqsMessageId() {
    List<Delivery> deliveries = decode("sqs-sns-s3.json");

    assertThat(deliveries)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.messageId()).isEqualTo("c80e8021-a70a-42c7-a470-796e1186f753");
              assertThat(d.deliveryCount()).isEqualTo(2);
            });
    assertThat(object(deliveries).key()).isEqualTo("inbox/default/chat export:2026-11-03.json");
  }

  @Test
  void sqsRecordWithoutBody_isUndecodable_underItsOwnMessageId() {
    ObjectNode batch = tree("sqs-s3-batch.json");
    ((ObjectNode) batch.at("/Records/1")).remove("body");

    List<Delivery> deliveries = decode(batch);

    assertThat(deliveries.get(1))
        .isEqualTo(
            new Delivery(
                "2e1424d4-f796-459a-8184-9c92662be6da",
                3,
                new Outcome.Undecodable("SQS record has no body")));
    assertThat(deliveries.get(0).outcome()).isInstanceOf(Outcome.Objects.class);
  }

  @Test
  void sqsBodyHoldingATestEvent_isIgnored() {
    List<Delivery> deliveries = decode(sqsWithBody(json(tree("s3-test-event.json"))));

    assertThat(only(deliveries)).isInstanceOf(Outcome.Ignored.class);
    assertThat(deliveries.get(0).messageId()).isEqualTo("059f36b4-87a3-44ab-83d2-661975830a7d");
  }

  @Test
  void sqsBodyHoldingAnEventBridgeEvent_decodes() {
    List<Delivery> deliveries = decode(sqsWithBody(json(tree("eventbridge-object-created.json"))));

    assertThat(object(deliveries).key()).isEqualTo("inbox/default/call 1+2.json");
    assertThat(deliveries.get(0).messageId()).isEqualTo("059f36b4-87a3-44ab-83d2-661975830a7d");
  }

  @Test
  void sqsBodyOfNoKnownShape_isUndecodable() {
    assertThat(only(decode(sqsWithBody("{\"hello\":\"world\"}"))))
        .isEqualTo(new Outcome.Undecodable("SQS body: JSON of no known event shape"));
  }

  @Test
  void sqsBodyHoldingAnotherBatch_isUndecodable() {
    Outcome outcome = only(decode(sqsWithBody(json(tree("sqs-s3-batch.json")))));

    assertThat(outcome).isInstanceOf(Outcome.Undecodable.class);
    assertThat(reason(outcome)).contains("batch envelope inside an envelope");
  }

  @Test
  void envelopesNestedTooDeep_areUndecodable() {
    String inner = json(tree("s3-put.json"));
    for (int i = 0; i < Decoding.MAX_DEPTH; i++) {
      ObjectNode sns = Samples.JSON.createObjectNode();
      sns.put("Type", "Notification");
      sns.put("MessageId", "m" + i);
      sns.put("Message", inner);
      inner = json(sns);
    }

    Outcome outcome = only(decode(sqsWithBody(inner)));

    assertThat(outcome).isInstanceOf(Outcome.Undecodable.class);
    assertThat(reason(outcome)).contains("nested more than");
  }

  @Test
  void snsNotification_aloneAsAnHttpPost_decodesUnderTheSnsMessageId() {
    ObjectNode sns = Samples.JSON.createObjectNode();
    sns.put("Type", "Notification");
    sns.put("MessageId", "95df01b4-ee98-5cb9-9903-4c221d41eb5e");
    sns.put("TopicArn", "arn:aws:sns:eu-west-1:111122223333:conserver-acme-events");
    sns.put("Message", json(tree("s3-put.json")));

    List<Delivery> deliveries = decode(sns);

    assertThat(deliveries.get(0).messageId()).isEqualTo("95df01b4-ee98-5cb9-9903-4c221d41eb5e");
    assertThat(object(deliveries).key()).isEqualTo("inbox/default/call 1+2 Zoë.json");
  }

  @Test
  void snsSubscriptionConfirmation_isIgnored() {
    ObjectNode sns = Samples.JSON.createObjectNode();
    sns.put("Type", "SubscriptionConfirmation");
    sns.put("TopicArn", "arn:aws:sns:eu-west-1:111122223333:conserver-acme-events");
    sns.put("Token", "2336412f37fb687f5d51e6e2425c464de12884c0");

    assertThat(only(decode(sns))).isInstanceOf(Outcome.Ignored.class);
  }

  @Test
  void snsInvokingLambda_isOneDeliveryPerRecord() {
    ObjectNode event = Samples.JSON.createObjectNode();
    ArrayNode records = event.putArray("Records");
    for (String id : List.of("a", "b")) {
      ObjectNode record = records.addObject();
      record.put("EventSource", "aws:sns");
      record.put("EventVersion", "1.0");
      ObjectNode sns = record.putObject("Sns");
      sns.put("Type", "Notification");
      sns.put("MessageId", id);
      sns.put("Message", id.equals("a") ? json(tree("s3-put.json")) : "not json");
    }

    List<Delivery> deliveries = decode(event);

    assertThat(deliveries).extracting(Delivery::messageId).containsExactly("a", "b");
    assertThat(deliveries.get(0).outcome()).isInstanceOf(Outcome.Objects.class);
    assertThat(deliveries.get(1).outcome())
        .isEqualTo(new Outcome.Undecodable("SNS Message: not valid JSON"));
  }
}
