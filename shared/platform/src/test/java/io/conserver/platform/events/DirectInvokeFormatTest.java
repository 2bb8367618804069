package io.conserver.platform.events;

import static io.conserver.platform.events.Samples.decode;
import static io.conserver.platform.events.Samples.object;
import static io.conserver.platform.events.Samples.only;
import static io.conserver.platform.events.Samples.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectInvokeFormatTest {

  @Test
  void directInvoke_takesTheKeyAsItIs_sizeUnknown() {
    List<Delivery> deliveries = decode("direct-invoke.json");

    assertThat(deliveries)
        .containsExactly(
            new Delivery(
                null,
                0,
                new Outcome.Objects(
                    List.of(
                        new ObjectCreated(
                            "acme",
                            "conserver-acme",
                            "inbox/default/call 1+2.json",
                            ObjectCreated.UNKNOWN_SIZE,
                            null)))));
  }

  @Test
  void directInvoke_withSizeAndVersion() {
    ObjectNode invoke = tree("direct-invoke.json");
    invoke.put("size", 12);
    invoke.put("version", "v3");

    assertThat(object(decode(invoke)))
        .isEqualTo(
            new ObjectCreated("acme", "conserver-acme", "inbox/default/call 1+2.json", 12, "v3"));
  }

  @Test
  void directInvoke_keyNotAString_isUndecodable() {
    ObjectNode invoke = tree("direct-invoke.json");
    invoke.putArray("key").add("inbox");

    assertThat(only(decode(invoke))).isEqualTo(new Outcome.Undecodable("key is not a string"));
  }

  @Test
  void directInvoke_negativeSize_isUndecodable() {
    ObjectNode invoke = tree("direct-invoke.json");
    invoke.put("size", -5);

    assertThat(only(decode(invoke)))
        .isEqualTo(new Outcome.Undecodable("size is not a size in bytes"));
  }
}
