package io.conserver.platform.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Turns what a trigger delivered (the bytes of an HTTP request or a Lambda event, and the HTTP
 * headers where there are some) into deliveries of created objects. The payload is recognised by
 * its content, so one entry point serves every transport:
 *
 * <ul>
 *   <li>S3 event notifications, including MinIO's ({@link S3NotificationFormat}), and {@code
 *       s3:TestEvent};
 *   <li>SQS batches, one delivery per record, each body decoded in turn ({@link
 *       SqsEnvelopeFormat}); SNS notifications around any of these ({@link SnsEnvelopeFormat});
 *   <li>EventBridge "Object Created" events from S3 ({@link EventBridgeFormat});
 *   <li>GCS CloudEvents, structured or binary mode ({@link GcsCloudEventFormat});
 *   <li>Pub/Sub push of GCS notifications, plain or as an Eventarc CloudEvent ({@link
 *       PubSubFormat});
 *   <li>any other CloudEvent whose data is an S3 notification: a Knative KafkaSource or Broker
 *       delivering MinIO or Ceph notifications ({@link S3CloudEventFormat});
 *   <li>a direct invoke {@code {"bucket":..,"key":..}} ({@link DirectInvokeFormat}).
 * </ul>
 *
 * <p>It never throws for any body or headers: what it cannot use comes back as {@link
 * Outcome.Undecodable}, with a short reason that holds neither the payload nor object keys.
 * Thread-safe and stateless; one instance can serve every invocation.
 */
public final class EventDecoder {
  /** Bodies larger than this are refused unread (S3, SQS and Pub/Sub events are far smaller). */
  public static final int MAX_EVENT_BYTES = 1024 * 1024;

  /** Real events nest a handful of levels; deeper JSON is refused while parsing. */
  private static final int MAX_JSON_DEPTH = 64;

  private final ObjectMapper json;
  private final List<EventFormat> formats;

  public EventDecoder() {
    JsonFactory factory =
        JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH).build())
            .build();
    this.json = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.formats =
        List.of(
            new SqsEnvelopeFormat(),
            new S3NotificationFormat(),
            new SnsEnvelopeFormat(),
            new EventBridgeFormat(),
            new GcsCloudEventFormat(),
            new PubSubFormat(),
            new S3CloudEventFormat(),
            new DirectInvokeFormat());
  }

  /**
   * Decodes one trigger payload.
   *
   * @param body the payload as received; null or empty is undecodable
   * @param headers the HTTP headers, any case (CloudEvents binary mode puts the event's attributes
   *     in {@code ce-*} headers); null or empty when the transport has none
   * @param tenant the tenant this function serves, copied into every {@link ObjectCreated}
   * @return at least one delivery: one per SQS record (or SNS record), else exactly one
   * @throws NullPointerException if tenant is null (configuration, not input)
   */
  public List<Delivery> decode(byte[] body, Map<String, String> headers, String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    try {
      return decodeUnguarded(body, headers, tenant);
    } catch (RuntimeException e) {
      // A bug here must not crash the function nor block the queue: the event is quarantined
      // with the fault's class (its message could quote the payload).
      return List.of(
          new Delivery(
              null,
              0,
              new Outcome.Undecodable(
                  "internal decoding error (" + e.getClass().getSimpleName() + ")")));
    }
  }

  private List<Delivery> decodeUnguarded(byte[] body, Map<String, String> headers, String tenant) {
    if (body != null && body.length > MAX_EVENT_BYTES) {
      return undecodable("event larger than " + MAX_EVENT_BYTES + " bytes");
    }
    Decoding decoding = new Decoding(this, tenant, 0);
    ObjectNode binaryMode = CloudEvents.fromBinaryMode(headers, json);
    if (binaryMode != null) {
      return decodeBinaryMode(binaryMode, body, decoding);
    }
    if (body == null || body.length == 0) {
      return undecodable("empty event");
    }
    JsonNode root;
    try {
      root = parse(body);
    } catch (BadEvent e) {
      return undecodable(e.getMessage());
    }
    return dispatch(root, decoding);
  }

  private List<Delivery> decodeBinaryMode(ObjectNode event, byte[] body, Decoding decoding) {
    String id = Fields.textOrNull(event, "id");
    if (body != null && body.length > 0) {
      try {
        event.set("data", parse(body));
      } catch (BadEvent e) {
        return List.of(
            new Delivery(id, 0, new Outcome.Undecodable("CloudEvent data: " + e.getMessage())));
      }
    }
    return dispatch(event, decoding);
  }

  /** Parses one JSON document, strictly (no duplicate keys, nothing after it). */
  JsonNode parse(byte[] bytes) {
    JsonNode root;
    try {
      root = json.readTree(bytes);
    } catch (StreamConstraintsException e) {
      throw new BadEvent("JSON nested or sized beyond limits");
    } catch (IOException e) {
      throw new BadEvent("not valid JSON");
    }
    if (root == null || root.isMissingNode()) {
      throw new BadEvent("empty event");
    }
    return root;
  }

  /** Hands a parsed event to the first format that recognises it. */
  List<Delivery> dispatch(JsonNode root, Decoding decoding) {
    if (!root.isObject()) {
      return undecodable("JSON is not an object");
    }
    for (EventFormat format : formats) {
      if (format.recognises(root)) {
        try {
          List<Delivery> deliveries = format.decode(root, decoding);
          return deliveries.isEmpty() ? undecodable("event holds no message") : deliveries;
        } catch (BadEvent e) {
          return undecodable(e.getMessage());
        }
      }
    }
    if (root.has("specversion")) {
      return List.of(
          new Delivery(
              Fields.textOrNull(root, "id"),
              0,
              new Outcome.Undecodable(
                  "CloudEvent type "
                      + Fields.quote(Fields.textOrNull(root, "type"))
                      + " is not handled")));
    }
    return undecodable("JSON of no known event shape");
  }

  private static List<Delivery> undecodable(String reason) {
    return List.of(new Delivery(null, 0, new Outcome.Undecodable(reason)));
  }

  /** Header names in lower case (HTTP header names are case-insensitive). */
  static String header(Map<String, String> headers, String name) {
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey() != null && h.getKey().toLowerCase(Locale.ROOT).equals(name)) {
        return h.getValue();
      }
    }
    return null;
  }
}
