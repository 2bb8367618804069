package io.conserver.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An SQS batch as Lambda's event source mapping delivers it (with Funqy's advanced event handling
 * turned off, the raw envelope):
 *
 * <pre>{@code
 * {"Records":[{"messageId":"…","receiptHandle":"…","body":"{…}",
 *   "attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"…",…},
 *   "messageAttributes":{},"md5OfBody":"…","eventSource":"aws:sqs","eventSourceARN":"…",
 *   "awsRegion":"…"}]}
 * }</pre>
 *
 * <p>One delivery per record, in order, with its messageId (what {@code batchItemFailures} names)
 * and {@code ApproximateReceiveCount}. Each body is decoded on its own: an S3 notification, an
 * {@code s3:TestEvent}, an EventBridge event or an SNS notification around one of them. A poison
 * body makes that record's delivery undecodable; the others are unaffected.
 */
final class SqsEnvelopeFormat implements EventFormat {
  @Override
  public boolean recognises(JsonNode root) {
    JsonNode records = root.get("Records");
    if (records == null || !records.isArray() || records.isEmpty()) {
      return false;
    }
    JsonNode first = records.get(0);
    return "aws:sqs".equals(Fields.textOrNull(first, "eventSource"))
        || (first.has("receiptHandle") && first.has("body"));
  }

  @Override
  public List<Delivery> decode(JsonNode root, Decoding decoding) {
    JsonNode records = root.get("Records");
    List<Delivery> deliveries = new ArrayList<>(records.size());
    for (JsonNode record : records) {
      deliveries.add(record(record, decoding));
    }
    return deliveries;
  }

  private static Delivery record(JsonNode record, Decoding decoding) {
    if (!record.isObject()) {
      return new Delivery(null, 0, new Outcome.Undecodable("SQS record is not an object"));
    }
    String messageId = Fields.textOrNull(record, "messageId");
    int receiveCount =
        Fields.count(Fields.present(record, "attributes"), "ApproximateReceiveCount");
    return EventFormat.deliver(
        messageId,
        receiveCount,
        () -> {
          JsonNode body = Fields.present(record, "body");
          if (body == null || !body.isTextual()) {
            throw new BadEvent("SQS record has no body");
          }
          return decoding.nested("SQS body", body.textValue());
        });
  }
}
