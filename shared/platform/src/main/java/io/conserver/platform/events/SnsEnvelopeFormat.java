package io.conserver.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * SNS around another event. Two shapes:
 *
 * <ul>
 *   <li>the SNS message itself, as an SQS body (without raw message delivery) or an HTTP
 *       subscription receives it: {@code {"Type":"Notification","MessageId":"…","TopicArn":"…",
 *       "Message":"<the S3 notification as a JSON string>",…}}. One delivery, the Message decoded.
 *       Subscription confirmations are ignored (SQS and Lambda subscriptions never see them);
 *   <li>SNS invoking Lambda: {@code {"Records":[{"EventSource":"aws:sns","Sns":{…the message…}}]}},
 *       one delivery per record.
 * </ul>
 *
 * <p>The signature is not verified here: for SQS and Lambda, IAM is the authentication.
 */
final class SnsEnvelopeFormat implements EventFormat {
  @Override
  public boolean recognises(JsonNode root) {
    String type = Fields.textOrNull(root, "Type");
    if ("Notification".equals(type) || (type != null && root.has("TopicArn"))) {
      return true;
    }
    JsonNode records = root.get("Records");
    return records != null
        && records.isArray()
        && !records.isEmpty()
        && "aws:sns".equals(Fields.textOrNull(records.get(0), "EventSource"));
  }

  @Override
  public List<Delivery> decode(JsonNode root, Decoding decoding) {
    JsonNode records = root.get("Records");
    if (records == null || !records.isArray()) {
      return List.of(message(root, decoding));
    }
    List<Delivery> deliveries = new ArrayList<>(records.size());
    for (JsonNode record : records) {
      JsonNode sns = Fields.present(record, "Sns");
      deliveries.add(
          sns != null && sns.isObject()
              ? message(sns, decoding)
              : new Delivery(null, 0, new Outcome.Undecodable("SNS record has no Sns message")));
    }
    return deliveries;
  }

  private static Delivery message(JsonNode message, Decoding decoding) {
    String messageId = Fields.textOrNull(message, "MessageId");
    return EventFormat.deliver(
        messageId,
        0,
        () -> {
          String type = Fields.textOrNull(message, "Type");
          if (!"Notification".equals(type)) {
            return new Outcome.Ignored("SNS message of type " + Fields.quote(type));
          }
          JsonNode body = Fields.present(message, "Message");
          if (body == null || !body.isTextual()) {
            throw new BadEvent("SNS notification has no Message");
          }
          return decoding.nested("SNS Message", body.textValue());
        });
  }
}
