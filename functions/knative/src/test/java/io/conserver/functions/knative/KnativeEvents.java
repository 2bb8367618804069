package io.conserver.functions.knative;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CloudEvents as Knative delivers them to a Service: a {@code KafkaSource} reading the topic the
 * store publishes its bucket notifications to (compare {@code events/knative-kafka-minio.json}):
 * type {@code dev.knative.kafka.event}, id {@code partition:<p>/offset:<o>}, data = the record
 * value, in binary mode (attributes in {@code ce-*} headers) or structured mode (one JSON document,
 * {@code application/cloudevents+json}), POSTed to the Service's root path.
 */
final class KnativeEvents {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KAFKA_EVENT = "dev.knative.kafka.event";
  private static final String SOURCE =
      "/apis/v1/namespaces/conserver-acme/kafkasources/conserver-default-ingest"
          + "#conserver.acme.default.ingest";
  private static final AtomicLong OFFSET = new AtomicLong(100);

  private KnativeEvents() {}

  /** A new event id, as the KafkaSource makes them from the record's partition and offset. */
  static String nextId() {
    return "partition:0/offset:" + OFFSET.incrementAndGet();
  }

  static Response binary(RequestSpecification request, String id, String notification) {
    return binary(request, KAFKA_EVENT, id, notification);
  }

  /**
   * With another type: a package started without a function export routes by type to the function
   * of that name.
   */
  static Response binary(
      RequestSpecification request, String type, String id, String notification) {
    return request
        .header("ce-specversion", "1.0")
        .header("ce-id", id)
        .header("ce-type", type)
        .header("ce-source", SOURCE)
        .header("ce-subject", "partition:0#" + id.substring(id.lastIndexOf(':') + 1))
        .contentType("application/json")
        .body(notification)
        .post("/");
  }

  static Response structured(RequestSpecification request, String id, String notification) {
    return structured(request, KAFKA_EVENT, id, notification);
  }

  static Response structured(
      RequestSpecification request, String type, String id, String notification) {
    ObjectNode event = JSON.createObjectNode();
    event.put("specversion", "1.0");
    event.put("id", id);
    event.put("type", type);
    event.put("source", SOURCE);
    event.put("datacontenttype", "application/json");
    try {
      event.set("data", JSON.readTree(notification));
    } catch (IOException e) {
      throw new IllegalArgumentException("notification is not JSON", e);
    }
    return request.contentType("application/cloudevents+json").body(event.toString()).post("/");
  }

  static RequestSpecification request() {
    return given();
  }
}
