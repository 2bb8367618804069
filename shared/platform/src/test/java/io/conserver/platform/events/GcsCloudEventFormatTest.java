package io.conserver.platform.events;

import static io.conserver.platform.events.Samples.decode;
import static io.conserver.platform.events.Samples.object;
import static io.conserver.platform.events.Samples.only;
import static io.conserver.platform.events.Samples.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GcsCloudEventFormatTest {

  private static Map<String, String> binaryHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    tree("gcs-finalized-binary.json")
        .get("headers")
        .properties()
        .forEach(h -> headers.put(h.getKey(), h.getValue().textValue()));
    return headers;
  }

  private static String binaryBody() {
    return Samples.json(tree("gcs-finalized-binary.json").get("body"));
  }

  @Test
  void gcsStructured_finalized_decodes_nameNotEncoded_generationAsVersion() {
    List<Delivery> deliveries = decode("gcs-finalized-structured.json");

    assertThat(deliveries.get(0).messageId()).isEqualTo("9462786812345678");
    assertThat(deliveries.get(0).deliveryCount()).as("Eventarc gives no count").isZero();
    assertThat(object(deliveries))
        .isEqualTo(
            new ObjectCreated(
                "acme", "conserver-acme", "inbox/default/call 1+2.json", 2048, "1762161247512034"));
  }

  @Test
  void gcsBinaryMode_usesCeHeaders() {
    List<Delivery> deliveries = decode(binaryBody(), binaryHeaders());

    assertThat(deliveries.get(0).messageId()).isEqualTo("9462786867754321");
    assertThat(object(deliveries))
        .isEqualTo(
            new ObjectCreated(
                "acme",
                "conserver-acme",
                "inbox/default/recording 7.wav",
                1048576,
                "1762161301004211"));
    assertThat(only(decode(binaryBody(), Map.of())))
        .as("the same body without its ce-* headers is an object resource of no known shape")
        .isInstanceOf(Outcome.Undecodable.class);
  }

  @Test
  void gcsBinaryMode_headerNamesAreCaseInsensitive() {
    Map<String, String> headers = new LinkedHashMap<>();
    binaryHeaders().forEach((k, v) -> headers.put(k.toUpperCase(java.util.Locale.ROOT), v));

    assertThat(object(decode(binaryBody(), headers)).key())
        .isEqualTo("inbox/default/recording 7.wav");
  }

  @ParameterizedTest
  @ValueSource(strings = {"deleted", "archived", "metadataUpdated"})
  void gcsOtherObjectEvents_areIgnored_inBothModes(String type) {
    Map<String, String> headers = binaryHeaders();
    headers.put("ce-type", "google.cloud.storage.object.v1." + type);
    ObjectNode structured = tree("gcs-finalized-structured.json");
    structured.put("type", "google.cloud.storage.object.v1." + type);

    assertThat(only(decode(binaryBody(), headers))).isInstanceOf(Outcome.Ignored.class);
    assertThat(only(decode(structured))).isInstanceOf(Outcome.Ignored.class);
  }

  @Test
  void gcsFinalizedWithMetagenerationAbove1_isIgnoredAsAMetadataUpdate() {
    ObjectNode event = tree("gcs-finalized-structured.json");
    ((ObjectNode) event.get("data")).put("metageneration", "2");

    assertThat(only(decode(event)))
        .isEqualTo(new Outcome.Ignored("GCS metadata update (metageneration above 1)"));
  }

  @Test
  void gcsStructured_withoutBucketAndNameInData_fallsBackToSourceAndSubject() {
    ObjectNode event = tree("gcs-finalized-structured.json");
    ((ObjectNode) event.get("data")).remove(List.of("bucket", "name"));

    assertThat(object(decode(event)))
        .isEqualTo(
            new ObjectCreated(
                "acme", "conserver-acme", "inbox/default/call 1+2.json", 2048, "1762161247512034"));
  }

  @Test
  void gcsStructured_withDataBase64_decodes() {
    ObjectNode event = tree("gcs-finalized-structured.json");
    byte[] data = Samples.body(event.remove("data"));
    event.put("data_base64", Base64.getEncoder().encodeToString(data));

    assertThat(object(decode(event)).version()).isEqualTo("1762161247512034");
  }

  @Test
  void gcsBinaryMode_bodyNotJson_isUndecodable_underTheCeId() {
    List<Delivery> deliveries = decode("<xml/>", binaryHeaders());

    assertThat(deliveries)
        .containsExactly(
            new Delivery(
                "9462786867754321", 0, new Outcome.Undecodable("CloudEvent data: not valid JSON")));
  }

  @Test
  void gcsFinalizedNamingNoObject_isUndecodable() {
    ObjectNode event = tree("gcs-finalized-structured.json");
    ((ObjectNode) event.get("data")).remove("name");
    event.remove("subject");

    assertThat(only(decode(event))).isEqualTo(new Outcome.Undecodable("GCS event names no object"));
  }

  @Test
  void unknownCloudEventType_isUndecodable_underItsId() {
    ObjectNode event = tree("gcs-finalized-structured.json");
    event.put("type", "com.example.something.happened");

    assertThat(decode(event))
        .containsExactly(
            new Delivery(
                "9462786812345678",
                0,
                new Outcome.Undecodable(
                    "CloudEvent type 'com.example.something.happened' is not handled")));
  }
}
