package io.conserver.platform.events;

import static io.conserver.platform.events.Samples.decode;
import static io.conserver.platform.events.Samples.object;
import static io.conserver.platform.events.Samples.only;
import static io.conserver.platform.events.Samples.reason;
import static io.conserver.platform.events.Samples.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBridgeFormatTest {

  private static ObjectNode withKey(String key) {
    ObjectNode event = tree("eventbridge-object-created.json");
    ((ObjectNode) event.at("/detail/object")).put("key", key);
    return event;
  }

  @Test
  void eventBridgeObjectCreated_decodes_underTheEventId() {
    List<Delivery> deliveries = decode("eventbridge-object-created.json");

    assertThat(deliveries.get(0).messageId()).isEqualTo("17793124-05d4-b198-2fde-7ededc63b103");
    assertThat(deliveries.get(0).deliveryCount()).isZero();
    assertThat(object(deliveries))
        .isEqualTo(
            new ObjectCreated(
                "acme",
                "conserver-acme",
                "inbox/default/call 1+2.json",
                2048,
                "9b2cf535f27731c974343645a3985328"));
  }

  /**
   * Pins the documented assumption (see {@link EventBridgeFormat}): EventBridge keys are
   * form-encoded like S3 notification keys. Keys without '+' or '%' are the same either way.
   */
  @Test
  void eventBridgeKey_isFormDecoded_likeS3Notifications() {
    assertThat(object(decode(withKey("inbox/default/call+1%2B2.json"))).key())
        .isEqualTo("inbox/default/call 1+2.json");
    assertThat(object(decode(withKey("inbox/default/Zo%C3%AB%3A1.json"))).key())
        .isEqualTo("inbox/default/Zoë:1.json");
    assertThat(object(decode(withKey("inbox/default/plain-key_1.json"))).key())
        .as("a key that needs no encoding is the same under either reading")
        .isEqualTo("inbox/default/plain-key_1.json");
    assertThat(object(decode(withKey("inbox/default/a+b.json"))).key())
        .as("consequence of the assumption: a raw '+' would be read as a space")
        .isEqualTo("inbox/default/a b.json");
  }

  @Test
  void eventBridgeObjectDeleted_isIgnored() {
    ObjectNode event = tree("eventbridge-object-created.json");
    event.put("detail-type", "Object Deleted");

    Outcome outcome = only(decode(event));

    assertThat(outcome).isInstanceOf(Outcome.Ignored.class);
    assertThat(reason(outcome)).contains("Object Deleted");
  }

  @Test
  void eventBridgeEventFromAnotherSource_isUndecodable() {
    ObjectNode event = tree("eventbridge-object-created.json");
    event.put("source", "aws.ec2");

    assertThat(only(decode(event)))
        .isEqualTo(new Outcome.Undecodable("EventBridge event from source 'aws.ec2' is not S3"));
  }

  @Test
  void eventBridgeWithoutObjectKey_isUndecodable_underTheEventId() {
    ObjectNode event = tree("eventbridge-object-created.json");
    ((ObjectNode) event.at("/detail/object")).remove("key");

    List<Delivery> deliveries = decode(event);

    assertThat(deliveries.get(0))
        .isEqualTo(
            new Delivery(
                "17793124-05d4-b198-2fde-7ededc63b103",
                0,
                new Outcome.Undecodable("detail.object.key is missing")));
  }
}
