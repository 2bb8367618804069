package io.conserver.platform.events;

import static io.conserver.platform.events.Samples.decode;
import static io.conserver.platform.events.Samples.json;
import static io.conserver.platform.events.Samples.object;
import static io.conserver.platform.events.Samples.only;
import static io.conserver.platform.events.Samples.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PubSubFormatTest {
  private static final ObjectCreated CALL =
      new ObjectCreated(
          "acme", "conserver-acme", "inbox/default/call 1+2.json", 2048, "1762161247512034");

  private static ObjectNode message(ObjectNode push) {
    return (ObjectNode) push.get("message");
  }

  @Test
  void pubsubPush_decodesBase64ObjectResource() {
    List<Delivery> deliveries = decode("pubsub-push-gcs.json");

    assertThat(deliveries.get(0).messageId()).isEqualTo("11937923472883838");
    assertThat(deliveries.get(0).deliveryCount()).isEqualTo(2);
    assertThat(object(deliveries)).isEqualTo(CALL);
  }

  @Test
  void pubsubPush_withoutDeliveryAttempt_countsZero() {
    ObjectNode push = tree("pubsub-push-gcs.json");
    push.remove("deliveryAttempt");

    assertThat(decode(push).get(0).deliveryCount()).isZero();
  }

  @Test
  void pubsubPush_payloadFormatNone_usesAttributes_sizeUnknown() {
    ObjectNode push = tree("pubsub-push-gcs.json");
    message(push).remove("data");
    ((ObjectNode) message(push).get("attributes")).put("payloadFormat", "NONE");

    assertThat(object(decode(push)))
        .isEqualTo(
            new ObjectCreated(
                "acme",
                "conserver-acme",
                "inbox/default/call 1+2.json",
                ObjectCreated.UNKNOWN_SIZE,
                "1762161247512034"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"OBJECT_DELETE", "OBJECT_ARCHIVE", "OBJECT_METADATA_UPDATE"})
  void pubsubPush_nonFinalize_isIgnored(String eventType) {
    ObjectNode push = tree("pubsub-push-gcs.json");
    ((ObjectNode) message(push).get("attributes")).put("eventType", eventType);

    assertThat(only(decode(push))).isInstanceOf(Outcome.Ignored.class);
  }

  @Test
  void pubsubPush_dataNotBase64_isUndecodable_underItsMessageId() {
    ObjectNode push = tree("pubsub-push-gcs.json");
    message(push).put("data", "***");

    assertThat(decode(push))
        .containsExactly(
            new Delivery(
                "11937923472883838", 2, new Outcome.Undecodable("message.data is not base64")));
  }

  @Test
  void pubsubPush_withoutObjectId_isUndecodable() {
    ObjectNode push = tree("pubsub-push-gcs.json");
    ((ObjectNode) message(push).get("attributes")).remove("objectId");

    assertThat(only(decode(push)))
        .isEqualTo(new Outcome.Undecodable("attributes.objectId is missing"));
  }

  @Test
  void pubsubPush_messageWithoutEventType_decodesItsDataAsAnEvent() {
    ObjectNode push = tree("pubsub-push-gcs.json");
    message(push).remove("attributes");
    message(push)
        .put(
            "data",
            Base64.getEncoder()
                .encodeToString(json(tree("direct-invoke.json")).getBytes(StandardCharsets.UTF_8)));

    assertThat(object(decode(push)).key()).isEqualTo("inbox/default/call 1+2.json");
  }

  @Test
  void cloudEventPubSub_decodesMessagePublished() {
    List<Delivery> deliveries = decode("cloudevent-pubsub-gcs.json");

    assertThat(deliveries.get(0).messageId()).isEqualTo("11937923472883838");
    assertThat(deliveries.get(0).deliveryCount()).isZero();
    assertThat(object(deliveries)).isEqualTo(CALL);
  }

  @Test
  void cloudEventPubSub_inBinaryMode_decodesTheSame() {
    ObjectNode event = tree("cloudevent-pubsub-gcs.json");
    Map<String, String> headers =
        Map.of(
            "ce-specversion",
            "1.0",
            "ce-type",
            PubSubFormat.MESSAGE_PUBLISHED,
            "ce-source",
            event.get("source").textValue(),
            "ce-id",
            event.get("id").textValue(),
            "Content-Type",
            "application/json");

    assertThat(object(decode(json(event.get("data")), headers))).isEqualTo(CALL);
  }
}
