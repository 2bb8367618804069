package io.conserver.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CloudEvents carrying S3-format notifications: Knative's KafkaSource and Broker deliveries. */
class S3CloudEventFormatTest {
  private static final EventDecoder DECODER = new EventDecoder();
  private static final String MINIO =
      "{\"EventName\":\"s3:ObjectCreated:Put\",\"Records\":[{\"eventSource\":\"minio:s3\","
          + "\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},"
          + "\"object\":{\"key\":\"inbox%2Fdefault%2Fa+b.json\",\"size\":5}}}]}";

  private static List<Delivery> decode(String body, Map<String, String> headers) {
    return DECODER.decode(body.getBytes(StandardCharsets.UTF_8), headers, "acme");
  }

  @Test
  void structuredMode_decodesTheNotificationInItsData_underTheEventsId() {
    List<Delivery> deliveries =
        decode(
            "{\"specversion\":\"1.0\",\"type\":\"dev.knative.kafka.event\",\"source\":\"/k#t\","
                + "\"id\":\"partition:0/offset:7\",\"data\":"
                + MINIO
                + "}",
            Map.of("Content-Type", "application/cloudevents+json"));

    assertThat(deliveries)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.messageId()).isEqualTo("partition:0/offset:7");
              assertThat(d.deliveryCount()).isZero();
              assertThat(((Outcome.Objects) d.outcome()).objects())
                  .singleElement()
                  .satisfies(o -> assertThat(o.key()).isEqualTo("inbox/default/a b.json"));
            });
  }

  @Test
  void binaryMode_withABrokenNotification_isUndecodable_andSaysWhere() {
    List<Delivery> deliveries =
        decode(
            "{\"Records\":[{\"eventSource\":\"minio:s3\",\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{}}]}",
            Map.of(
                "ce-type",
                "dev.knative.kafka.event",
                "ce-id",
                "partition:1/offset:2",
                "ce-source",
                "/k#t",
                "ce-specversion",
                "1.0"));

    assertThat(deliveries)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.messageId()).isEqualTo("partition:1/offset:2");
              assertThat(((Outcome.Undecodable) d.outcome()).reason())
                  .startsWith("CloudEvent data: ");
            });
  }

  @Test
  void aCloudEventWhoseDataIsNotANotification_isStillNotHandled() {
    List<Delivery> deliveries =
        decode(
            "{\"specversion\":\"1.0\",\"type\":\"x.y\",\"id\":\"1\",\"data\":{\"a\":1}}", Map.of());
    assertThat(((Outcome.Undecodable) deliveries.get(0).outcome()).reason())
        .contains("is not handled");
  }
}
