package io.conserver.functions.aws;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.storage.BlobMetadata;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Events shaped as AWS sends them (compare {@code events/s3-put.json} and {@code
 * events/sqs-s3-batch.json}), and the one way to invoke the function: an HTTP POST of the event to
 * the mock Lambda Runtime API the Quarkus extension starts in test mode. The real {@code
 * FunqyStreamHandler} path then runs: the runtime loop fetches the event, deserialises it into the
 * function's input type, invokes it and posts the serialised result back as the HTTP response.
 */
final class LambdaEvents {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String QUEUE_ARN =
      "arn:aws:sqs:us-east-1:111122223333:conserver-acme-default-ingest";

  private LambdaEvents() {}

  /** Invokes the deployed function with {@code event}; returns the function's JSON response. */
  static JsonNode invoke(String event) {
    String body =
        given()
            .port(runtimeApiPort())
            .contentType("application/json")
            .accept("application/json")
            .body(event)
            .when()
            .post()
            .then()
            .statusCode(200)
            .extract()
            .asString();
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("not JSON: " + body, e);
    }
  }

  /** The port of the mock Runtime API (configured as 0: a free port, known once it started). */
  static int runtimeApiPort() {
    return ConfigProvider.getConfig()
        .getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
  }

  /** The message ids of a partial-batch response's {@code batchItemFailures}. */
  static List<String> failedIds(JsonNode response) {
    List<String> ids = new ArrayList<>();
    response.path("batchItemFailures").forEach(f -> ids.add(f.path("itemIdentifier").asText()));
    return ids;
  }

  /** An S3 event notification for an object, as S3 sends it to SQS (key form-encoded). */
  static String s3Notification(String bucket, BlobMetadata object) {
    ObjectNode record = JSON.createObjectNode();
    record.put("eventVersion", "2.1");
    record.put("eventSource", "aws:s3");
    record.put("awsRegion", TestBucket.REGION);
    record.put("eventTime", Instant.now().toString());
    record.put("eventName", "ObjectCreated:Put");
    record.putObject("userIdentity").put("principalId", "AWS:AIDAJDPLRKLG7UEXAMPLE");
    record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
    ObjectNode response = record.putObject("responseElements");
    response.put("x-amz-request-id", hex(8).toUpperCase(Locale.ROOT));
    response.put("x-amz-id-2", hex(32));
    ObjectNode s3 = record.putObject("s3");
    s3.put("s3SchemaVersion", "1.0");
    s3.put("configurationId", "conserver-default-ingest");
    ObjectNode bucketNode = s3.putObject("bucket");
    bucketNode.put("name", bucket);
    bucketNode.putObject("ownerIdentity").put("principalId", "A3NL1KOZZKExample");
    bucketNode.put("arn", "arn:aws:s3:::" + bucket);
    ObjectNode objectNode = s3.putObject("object");
    objectNode.put("key", encodeKey(object.key()));
    objectNode.put("size", object.size());
    objectNode.put("eTag", unquote(object.version()));
    objectNode.put("sequencer", hex(9).toUpperCase(Locale.ROOT));
    ObjectNode notification = JSON.createObjectNode();
    notification.putArray("Records").add(record);
    return notification.toString();
  }

  /** S3 form-encodes keys in notifications: each segment URL-encoded, a space as {@code +}. */
  static String encodeKey(String key) {
    return Stream.of(key.split("/", -1))
        .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8))
        .collect(Collectors.joining("/"));
  }

  /** One SQS record as Lambda's event source mapping delivers it. */
  record SqsRecord(String messageId, String receiptHandle, String body, int receiveCount) {
    static SqsRecord of(String body) {
      String id = UUID.randomUUID().toString();
      return new SqsRecord(id, "AQEB" + hex(24) + "/" + id, body, 1);
    }

    SqsRecord redelivered(int count) {
      return new SqsRecord(messageId, "AQEB" + hex(24) + "/" + messageId, body, count);
    }
  }

  /** The Lambda SQS event envelope for a batch (raw: advanced event handling is off). */
  static String sqsBatch(List<SqsRecord> records) {
    ObjectNode event = JSON.createObjectNode();
    ArrayNode array = event.putArray("Records");
    long now = System.currentTimeMillis();
    for (SqsRecord r : records) {
      ObjectNode record = array.addObject();
      record.put("messageId", r.messageId());
      record.put("receiptHandle", r.receiptHandle());
      record.put("body", r.body());
      ObjectNode attributes = record.putObject("attributes");
      attributes.put("ApproximateReceiveCount", Integer.toString(r.receiveCount()));
      attributes.put("SentTimestamp", Long.toString(now));
      attributes.put("SenderId", "AIDAJHIPRHEMV73VRJEBU");
      attributes.put("ApproximateFirstReceiveTimestamp", Long.toString(now));
      record.putObject("messageAttributes");
      record.put("md5OfBody", md5(r.body()));
      record.put("eventSource", "aws:sqs");
      record.put("eventSourceARN", QUEUE_ARN);
      record.put("awsRegion", TestBucket.REGION);
    }
    return event.toString();
  }

  static String md5(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("MD5")
                  .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String unquote(String etag) {
    return etag == null ? "" : etag.replace("\"", "");
  }

  static String hex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** A small valid vCon with a fresh UUIDv8 (its conversation id). */
  static Vcon vcon(String subject) {
    UUID random = UUID.randomUUID();
    UUID v8 =
        new UUID(
            (random.getMostSignificantBits() & ~0xF000L) | 0x8000L,
            (random.getLeastSignificantBits() & ~(0x3L << 62)) | (0x2L << 62));
    String json =
        """
        {"uuid":"%s","created_at":"2026-11-26T09:00:00Z","subject":"%s",
         "parties":[{"tel":"+15550100001","name":"Alice"},{"mailto":"bob@example.com","name":"Bob"}],
         "dialog":[{"type":"text","start":"2026-11-26T09:00:00Z","parties":[0,1],"originator":0,
                    "mediatype":"text/plain","encoding":"none","body":"hello"}]}
        """
            .formatted(v8, subject);
    return new Vcon(v8.toString(), json.getBytes(StandardCharsets.UTF_8));
  }

  /** A vCon whose dialog names a party that does not exist: quarantined by ingest. */
  static Vcon malformedVcon() {
    Vcon good = vcon("malformed");
    String json =
        new String(good.json(), StandardCharsets.UTF_8)
            .replace("\"parties\":[0,1]", "\"parties\":[0,7]");
    return new Vcon(good.uuid(), json.getBytes(StandardCharsets.UTF_8));
  }

  record Vcon(String uuid, byte[] json) {}

  /** Where ingest writes a conversation of the default pipeline. */
  static String outputKey(String uuid) {
    return "vcons/default/ingest/" + uuid + ".vcon.json";
  }
}
