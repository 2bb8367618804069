package io.conserver.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.storage.BlobMetadata;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * S3 event notifications for an object, shaped as the stores send them: AWS S3 to SQS (compare
 * {@code events/s3-put.json}), and MinIO to Kafka, NATS or a webhook (compare {@code
 * events/minio-webhook.json}: the same S3 record with MinIO's extras, {@code EventName} and {@code
 * Key} beside {@code Records}, and a {@code source} block).
 */
public final class S3Notifications {
  private S3Notifications() {}

  /** An S3 notification as AWS sends it (key form-encoded). */
  public static String s3Notification(String bucket, String region, BlobMetadata object) {
    ObjectNode notification = JsonNodeFactory.instance.objectNode();
    notification.putArray("Records").add(record(bucket, region, object, "aws:s3"));
    return notification.toString();
  }

  /** A bucket notification as MinIO publishes it to Kafka, NATS or a webhook target. */
  public static String minioNotification(String bucket, BlobMetadata object) {
    ObjectNode notification = JsonNodeFactory.instance.objectNode();
    notification.put("EventName", "s3:ObjectCreated:Put");
    notification.put("Key", bucket + "/" + object.key());
    ObjectNode record = record(bucket, "", object, "minio:s3");
    record.put("eventVersion", "2.0");
    record.put("eventName", "s3:ObjectCreated:Put");
    // MinIO form-encodes the whole key, "/" included (%2F).
    ((ObjectNode) record.path("s3").path("object"))
        .put("key", URLEncoder.encode(object.key(), StandardCharsets.UTF_8));
    ObjectNode source = record.putObject("source");
    source.put("host", "10.0.12.7");
    source.put("port", "");
    source.put("userAgent", "MinIO (linux; amd64) minio-go/v7.0.70");
    notification.putArray("Records").add(record);
    return notification.toString();
  }

  private static ObjectNode record(
      String bucket, String region, BlobMetadata object, String eventSource) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("eventVersion", "2.1");
    record.put("eventSource", eventSource);
    record.put("awsRegion", region);
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
    return record;
  }

  /** S3 form-encodes keys in notifications: each segment URL-encoded, a space as {@code +}. */
  public static String encodeKey(String key) {
    return Stream.of(key.split("/", -1))
        .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8))
        .collect(Collectors.joining("/"));
  }

  private static String unquote(String etag) {
    return etag == null ? "" : etag.replace("\"", "");
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
