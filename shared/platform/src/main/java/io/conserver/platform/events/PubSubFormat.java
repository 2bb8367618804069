package io.conserver.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;

/**
 * Pub/Sub messages, as a push subscription POSTs them:
 *
 * <pre>{@code
 * {"message":{"attributes":{…},"data":"<base64>","messageId":"…","publishTime":"…"},
 *  "subscription":"projects/P/subscriptions/S","deliveryAttempt":2}
 * }</pre>
 *
 * and as an Eventarc CloudEvent {@code google.cloud.pubsub.topic.v1.messagePublished} (Cloud
 * Functions gen2 Pub/Sub trigger), whose data is {@code {"message":{…},"subscription":"…"}}.
 *
 * <p>A message with an {@code eventType} attribute is a Cloud Storage notification: attributes
 * {@code bucketId}, {@code objectId} (not encoded), {@code objectGeneration}, {@code
 * payloadFormat}; with {@code JSON_API_V1} the data is the object resource (its {@code size} is
 * read from there), with {@code NONE} there is no data and the size is unknown. {@code
 * OBJECT_FINALIZE} is a created object; {@code OBJECT_METADATA_UPDATE}, {@code OBJECT_DELETE},
 * {@code OBJECT_ARCHIVE} are ignored. A message without {@code eventType} carries another event in
 * its data (an S3 notification from an S3-compatible store, a direct invoke), decoded in turn.
 *
 * <p>The delivery's id is the message id; its count {@code deliveryAttempt}, which Pub/Sub sets
 * only when the subscription has a dead-letter policy (else 0).
 */
final class PubSubFormat implements EventFormat {
  static final String MESSAGE_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";
  static final String OBJECT_FINALIZE = "OBJECT_FINALIZE";

  @Override
  public boolean recognises(JsonNode root) {
    JsonNode message = root.get("message");
    return (message != null && message.isObject() && !root.has(CloudEvents.SPECVERSION))
        || CloudEvents.isOfType(root, MESSAGE_PUBLISHED);
  }

  @Override
  public List<Delivery> decode(JsonNode root, Decoding decoding) {
    JsonNode push = root;
    String id = null;
    if (root.has(CloudEvents.SPECVERSION)) {
      id = Fields.textOrNull(root, "id");
      push = Fields.present(root, "data");
      if (push == null || !push.isObject()) {
        return List.of(
            new Delivery(id, 0, new Outcome.Undecodable("CloudEvent data is not an object")));
      }
    }
    JsonNode message = Fields.present(push, "message");
    String messageId = Fields.textOrNull(message, "messageId");
    if (messageId == null) {
      messageId = Fields.textOrNull(message, "message_id");
    }
    if (messageId == null) {
      messageId = id;
    }
    int attempt = Fields.count(push, "deliveryAttempt");
    JsonNode pushed = push;
    return List.of(EventFormat.deliver(messageId, attempt, () -> outcome(pushed, decoding)));
  }

  private static Outcome outcome(JsonNode push, Decoding decoding) {
    JsonNode message = Fields.object(push, "message", "message");
    JsonNode attributes = Fields.present(message, "attributes");
    if (attributes != null && !attributes.isObject()) {
      throw new BadEvent("message.attributes is not an object");
    }
    byte[] data = data(message);
    String eventType = Fields.optionalText(attributes, "eventType", "attributes.eventType");
    if (eventType == null) {
      if (data == null) {
        throw new BadEvent("Pub/Sub message has neither eventType nor data");
      }
      return decoding.nested("Pub/Sub data", data);
    }
    if (!OBJECT_FINALIZE.equals(eventType)) {
      return new Outcome.Ignored(
          "GCS notification " + Fields.quote(eventType) + " is not an object creation");
    }
    String bucket = Fields.text(attributes, "bucketId", "attributes.bucketId");
    String name = Fields.text(attributes, "objectId", "attributes.objectId");
    String generation =
        Fields.optionalText(attributes, "objectGeneration", "attributes.objectGeneration");
    long size = ObjectCreated.UNKNOWN_SIZE;
    if (data != null) {
      JsonNode resource = decoding.parse(data);
      if (!resource.isObject()) {
        throw new BadEvent("Pub/Sub data is not an object resource");
      }
      size = Fields.size(resource, "size", "data.size");
      if (generation == null) {
        generation = Fields.optionalText(resource, "generation", "data.generation");
      }
    }
    Created created = decoding.created();
    created.add(bucket, name, size, generation);
    return created.outcome();
  }

  /** The message's data, base64-decoded; null when absent or empty. */
  private static byte[] data(JsonNode message) {
    String base64 = Fields.optionalText(message, "data", "message.data");
    if (base64 == null || base64.isEmpty()) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new BadEvent("message.data is not base64");
    }
  }
}
