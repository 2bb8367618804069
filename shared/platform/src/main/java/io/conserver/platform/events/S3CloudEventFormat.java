package io.conserver.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A CloudEvent of any type whose data is an S3-format bucket notification: what on-premise stores'
 * notifications become on the way to a Knative service. A Knative {@code KafkaSource} reading the
 * topic MinIO or Ceph RGW publishes to wraps each record as {@code dev.knative.kafka.event} (id
 * {@code partition:<p>/offset:<o>}, the record value as data); a Broker/Trigger keeps the
 * producer's type. Binary or structured mode. The data is decoded as an S3 notification (AWS,
 * MinIO, Ceph): one delivery, the CloudEvent id as its id, no delivery count (Knative keeps none:
 * attempts are counted in the bucket).
 */
final class S3CloudEventFormat implements EventFormat {
  @Override
  public boolean recognises(JsonNode root) {
    JsonNode data = root.get("data");
    return root.has(CloudEvents.SPECVERSION)
        && data != null
        && data.isObject()
        && (data.has("Records") || data.has("Event"));
  }

  @Override
  public List<Delivery> decode(JsonNode root, Decoding decoding) {
    byte[] data = root.get("data").toString().getBytes(StandardCharsets.UTF_8);
    return List.of(
        EventFormat.deliver(
            Fields.textOrNull(root, "id"), 0, () -> decoding.nested("CloudEvent data", data)));
  }
}
