package io.conserver.functions.gcp;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.storage.BlobMetadata;
import io.restassured.response.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CloudEvents as Eventarc delivers them to a Cloud Functions gen2 function over HTTP (compare
 * {@code events/gcs-finalized-binary.json} and {@code events/cloudevent-pubsub-gcs.json}), and the
 * small vCons the tests drop.
 */
final class GcsEvents {
  static final String TENANT = "acme";
  static final String BUCKET = "conserver-acme";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicLong EVENT_IDS = new AtomicLong(9_462_786_812_345_000L);

  private GcsEvents() {}

  static String nextEventId() {
    return Long.toString(EVENT_IDS.incrementAndGet());
  }

  /** {@code google.cloud.storage.object.v1.finalized} in binary mode: attributes as headers. */
  static Response postStorageEvent(int port, String eventId, BlobMetadata object) {
    return given()
        .port(port)
        .header("ce-id", eventId)
        .header("ce-specversion", "1.0")
        .header("ce-type", "google.cloud.storage.object.v1.finalized")
        .header("ce-source", "//storage.googleapis.com/projects/_/buckets/" + BUCKET)
        .header("ce-subject", "objects/" + object.key())
        .header("ce-time", Instant.now().toString())
        .contentType("application/json")
        .body(objectResource(object).toString())
        .post("/");
  }

  /**
   * {@code google.cloud.pubsub.topic.v1.messagePublished} in structured mode, the message being a
   * Cloud Storage notification ({@code OBJECT_FINALIZE}, payload {@code JSON_API_V1}).
   */
  static Response postPubSubEvent(int port, BlobMetadata object) {
    String messageId = nextEventId();
    ObjectNode event = JSON.createObjectNode();
    event.put("specversion", "1.0");
    event.put("type", "google.cloud.pubsub.topic.v1.messagePublished");
    event.put(
        "source", "//pubsub.googleapis.com/projects/conserver-acme/topics/conserver-acme-events");
    event.put("id", messageId);
    event.put("time", Instant.now().toString());
    event.put("datacontenttype", "application/json");
    ObjectNode data = event.putObject("data");
    ObjectNode message = data.putObject("message");
    ObjectNode attributes = message.putObject("attributes");
    attributes.put("bucketId", BUCKET);
    attributes.put("eventTime", object.lastModified().toString());
    attributes.put("eventType", "OBJECT_FINALIZE");
    attributes.put("notificationConfig", "projects/_/buckets/" + BUCKET + "/notificationConfigs/3");
    attributes.put("objectGeneration", object.version());
    attributes.put("objectId", object.key());
    attributes.put("payloadFormat", "JSON_API_V1");
    message.put(
        "data",
        Base64.getEncoder()
            .encodeToString(objectResource(object).toString().getBytes(StandardCharsets.UTF_8)));
    message.put("messageId", messageId);
    message.put("publishTime", Instant.now().toString());
    data.put(
        "subscription",
        "projects/conserver-acme/subscriptions/eventarc-europe-west1-ingest-sub-117");
    return given()
        .port(port)
        .contentType("application/cloudevents+json")
        .body(event.toString())
        .post("/");
  }

  /**
   * The lifecycle's Cloud Scheduler tick as Eventarc delivers it: a {@code messagePublished}
   * CloudEvent in structured mode whose data is the Pub/Sub message of {@code
   * events/schedule/cloudevent-pubsub-data.json} (tenant acme, reason schedule).
   */
  static Response postScheduleTick(int port) throws java.io.IOException {
    java.nio.file.Path dir = java.nio.file.Path.of("").toAbsolutePath();
    while (!java.nio.file.Files.isDirectory(dir.resolve("events/schedule"))) {
      dir = dir.getParent();
    }
    ObjectNode event = JSON.createObjectNode();
    event.put("specversion", "1.0");
    event.put("type", "google.cloud.pubsub.topic.v1.messagePublished");
    event.put("source", "//pubsub.googleapis.com/projects/conserver-acme/topics/lifecycle");
    event.put("id", nextEventId());
    event.put("time", Instant.now().toString());
    event.put("datacontenttype", "application/json");
    event.set(
        "data", JSON.readTree(dir.resolve("events/schedule/cloudevent-pubsub-data.json").toFile()));
    return given()
        .port(port)
        .contentType("application/cloudevents+json")
        .body(event.toString())
        .post("/");
  }

  /** The Cloud Storage object resource (JSON API v1), as the finalized event carries it. */
  static ObjectNode objectResource(BlobMetadata object) {
    String name = object.key();
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    ObjectNode resource = JSON.createObjectNode();
    resource.put("kind", "storage#object");
    resource.put("id", BUCKET + "/" + name + "/" + object.version());
    resource.put("selfLink", "https://www.googleapis.com/storage/v1/b/" + BUCKET + "/o/" + encoded);
    resource.put("name", name);
    resource.put("bucket", BUCKET);
    resource.put("generation", object.version());
    resource.put("metageneration", "1");
    resource.put("contentType", object.contentType());
    resource.put("timeCreated", object.lastModified().toString());
    resource.put("updated", object.lastModified().toString());
    resource.put("storageClass", "STANDARD");
    resource.put("size", Long.toString(object.size()));
    resource.put(
        "mediaLink",
        "https://storage.googleapis.com/download/storage/v1/b/"
            + BUCKET
            + "/o/"
            + encoded
            + "?generation="
            + object.version()
            + "&alt=media");
    return resource;
  }

  static String outputKey(String uuid) {
    return "vcons/default/ingest/" + uuid + ".vcon.json";
  }

  /** A fresh UUIDv8 conversation id. */
  static String newUuid() {
    UUID random = UUID.randomUUID();
    return new UUID(
            (random.getMostSignificantBits() & ~0xF000L) | 0x8000L,
            (random.getLeastSignificantBits() & ~(0x3L << 62)) | (0x2L << 62))
        .toString();
  }

  /** A small vCon; {@code [0,7]} as dialog parties names a party that does not exist. */
  static byte[] vcon(String uuid, String dialogParties) {
    return """
        {"uuid":"%s","created_at":"2026-11-26T09:00:00Z","subject":"gcf test",
         "parties":[{"tel":"+15550100001","name":"Alice"},{"mailto":"bob@example.com","name":"Bob"}],
         "dialog":[{"type":"text","start":"2026-11-26T09:00:00Z","parties":%s,"originator":0,
                    "mediatype":"text/plain","encoding":"none","body":"hello"}]}
        """
        .formatted(uuid, dialogParties)
        .getBytes(StandardCharsets.UTF_8);
  }
}
