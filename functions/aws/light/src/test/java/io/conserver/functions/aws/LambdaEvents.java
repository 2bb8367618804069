package io.conserver.functions.aws;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.testing.S3Notifications;
import io.conserver.testing.TestBucket;
import io.conserver.testing.TestVcons;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
    return S3Notifications.s3Notification(bucket, TestBucket.REGION, object);
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

  /** Where ingest writes a conversation of the default pipeline. */
  static String outputKey(String uuid) {
    return TestVcons.outputKey("ingest", uuid);
  }
}
