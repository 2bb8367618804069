package io.conserver.platform.events;

import static io.conserver.platform.events.Samples.decode;
import static io.conserver.platform.events.Samples.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventDecoderTest {
  private final EventDecoder decoder = new EventDecoder();

  private static List<Delivery> undecodable(String reason) {
    return List.of(new Delivery(null, 0, new Outcome.Undecodable(reason)));
  }

  @Test
  void unknownJson_isUndecodable() {
    assertThat(decode("{\"hello\":\"world\"}", Map.of()))
        .isEqualTo(undecodable("JSON of no known event shape"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "{\"bucket\":", "{'bucket':'b'}", "\u0000\u0001"})
  void notJson_isUndecodable(String body) {
    assertThat(decode(body, Map.of())).isEqualTo(undecodable("not valid JSON"));
  }

  @Test
  void emptyOrMissingBody_isUndecodable() {
    assertThat(decoder.decode(null, null, "acme")).isEqualTo(undecodable("empty event"));
    assertThat(decoder.decode(new byte[0], Map.of(), "acme")).isEqualTo(undecodable("empty event"));
    assertThat(decode("   ", Map.of())).isEqualTo(undecodable("empty event"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"bucket\":\"b\",\"key\":\"k\"}]", "42", "\"text\"", "null"})
  void jsonThatIsNotAnObject_isUndecodable(String body) {
    assertThat(decode(body, Map.of())).isEqualTo(undecodable("JSON is not an object"));
  }

  @Test
  void hugeBody_isUndecodable() {
    byte[] body = new byte[EventDecoder.MAX_EVENT_BYTES + 1];
    Arrays.fill(body, (byte) ' ');

    assertThat(decoder.decode(body, Map.of(), "acme"))
        .isEqualTo(undecodable("event larger than 1048576 bytes"));
  }

  @Test
  void bodyOfExactlyTheLimit_isStillDecoded() {
    byte[] invoke =
        "{\"bucket\":\"conserver-acme\",\"key\":\"inbox/default/x.json\"}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[EventDecoder.MAX_EVENT_BYTES];
    Arrays.fill(body, (byte) ' ');
    System.arraycopy(invoke, 0, body, 0, invoke.length);

    assertThat(only(decoder.decode(body, Map.of(), "acme"))).isInstanceOf(Outcome.Objects.class);
  }

  @Test
  void duplicateKeys_areUndecodable_notResolvedEitherWay() {
    assertThat(decode("{\"bucket\":\"a\",\"key\":\"x\",\"key\":\"../y\"}", Map.of()))
        .isEqualTo(undecodable("not valid JSON"));
  }

  @Test
  void trailingContent_isUndecodable() {
    assertThat(decode("{\"bucket\":\"a\",\"key\":\"x\"} {}", Map.of()))
        .isEqualTo(undecodable("not valid JSON"));
  }

  @Test
  void deeplyNestedJson_isUndecodable() {
    String body = "{\"a\":".repeat(200) + "1" + "}".repeat(200);

    assertThat(decode(body, Map.of())).isEqualTo(undecodable("JSON nested or sized beyond limits"));
  }

  @Test
  void headersMayBeNullOrHoldNulls() {
    Map<String, String> headers = new HashMap<>();
    headers.put(null, "x");
    headers.put("content-type", null);

    assertThat(only(decoder.decode(Samples.bytes("direct-invoke.json"), headers, Samples.TENANT)))
        .isInstanceOf(Outcome.Objects.class);
    assertThat(only(decoder.decode(Samples.bytes("direct-invoke.json"), null, "acme")))
        .isInstanceOf(Outcome.Objects.class);
  }

  @Test
  void theTenantIsCopiedIntoEveryObject_andIsRequired() {
    List<Delivery> deliveries = decoder.decode(Samples.bytes("s3-put.json"), Map.of(), "globex");

    assertThat(((Outcome.Objects) only(deliveries)).objects())
        .extracting(ObjectCreated::tenant)
        .containsOnly("globex");
    assertThatNullPointerException()
        .isThrownBy(() -> decoder.decode(Samples.bytes("s3-put.json"), Map.of(), null));
  }

  @Test
  void anEmptyRecordsArray_isUndecodable() {
    assertThat(decode("{\"Records\":[]}", Map.of()))
        .isEqualTo(undecodable("JSON of no known event shape"));
  }
}
