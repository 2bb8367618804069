package io.conserver.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A fuzz without a framework: every sample truncated at every offset, every value of every sample
 * (and of the events nested in SQS bodies, SNS messages and base64 Pub/Sub data) replaced by values
 * of the wrong type or content, or removed, every header altered, random bytes. Decoding must never
 * throw, always answer at least one delivery, and never fall back on its internal-error guard
 * (which would hide a bug); reasons stay short and never quote an object key.
 */
class DecodeNeverThrowsTest {
  private static final EventDecoder DECODER = new EventDecoder();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static final List<JsonNode> WRONG =
      List.of(
          F.nullNode(),
          F.booleanNode(true),
          F.numberNode(0),
          F.numberNode(-1),
          F.numberNode(Long.MAX_VALUE),
          F.numberNode(1.5),
          F.numberNode(Double.MAX_VALUE),
          F.numberNode(new BigInteger("123456789012345678901234567890")),
          F.numberNode(new BigDecimal("1e400")),
          F.textNode(""),
          F.textNode("x"),
          F.textNode("%"),
          F.textNode("%zz"),
          F.textNode("+"),
          F.textNode("../x/"),
          F.textNode("\u0000\uD800"),
          F.textNode("-1"),
          F.textNode("99999999999999999999"),
          F.arrayNode(),
          F.arrayNode().add(F.objectNode()),
          F.objectNode(),
          F.objectNode().set("Records", F.arrayNode()));

  private int decodes;

  private void check(Map<String, String> headers, byte[] body) {
    decodes++;
    List<Delivery> deliveries = DECODER.decode(body, headers, Samples.TENANT);
    assertThat(deliveries).isNotEmpty().doesNotContainNull();
    for (Delivery d : deliveries) {
      String reason =
          d.outcome() instanceof Outcome.Undecodable u
              ? u.reason()
              : d.outcome() instanceof Outcome.Ignored i ? i.reason() : null;
      if (reason != null) {
        assertThat(reason)
            .doesNotStartWith("internal decoding error")
            .doesNotContain("inbox/")
            .hasSizeLessThan(200);
      }
    }
  }

  private void check(JsonNode mutant) {
    if (Samples.isHttpRequest(mutant)) {
      Samples.Request request = Samples.request(mutant);
      check(request.headers(), request.body());
    } else {
      check(Map.of(), Samples.body(mutant));
    }
  }

  @Test
  void decodeNeverThrows_onTruncatedSamples() {
    for (String name : Samples.names()) {
      Samples.Request request = Samples.request(name);
      for (int end = 0; end <= request.body().length; end++) {
        check(request.headers(), Arrays.copyOf(request.body(), end));
      }
    }
    assertThat(decodes).isGreaterThan(5_000);
  }

  @Test
  void decodeNeverThrows_onMutatedSamples() {
    for (String name : Samples.names()) {
      ObjectNode sample = Samples.tree(name);
      mutants(sample, v -> v, this::check);
    }
    assertThat(decodes).isGreaterThan(9_000);
  }

  @Test
  void decodeNeverThrows_onAlteredHeaders() {
    Samples.Request request = Samples.request("gcs-finalized-binary.json");
    List<String> values =
        List.of(
            "",
            "x",
            "1.0",
            GcsCloudEventFormat.FINALIZED,
            PubSubFormat.MESSAGE_PUBLISHED,
            "google.cloud.storage.object.v1.",
            "//storage.googleapis.com/projects/_/buckets/",
            "objects/",
            "objects/../x");
    for (String header : request.headers().keySet()) {
      Map<String, String> without = new LinkedHashMap<>(request.headers());
      without.remove(header);
      check(without, request.body());
      for (String value : values) {
        Map<String, String> altered = new LinkedHashMap<>(request.headers());
        altered.put(header, value);
        check(altered, request.body());
        check(altered, new byte[0]);
        check(altered, Samples.bytes("s3-put.json"));
      }
    }
  }

  @Test
  void decodeNeverThrows_onRandomBytes_andFlippedSampleBytes() {
    Random random = new Random(20261103L);
    for (int i = 0; i < 3_000; i++) {
      byte[] body = new byte[random.nextInt(400)];
      random.nextBytes(body);
      check(Map.of(), body);
    }
    for (String name : Samples.names()) {
      Samples.Request request = Samples.request(name);
      for (int i = 0; i < 400; i++) {
        byte[] body = request.body().clone();
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
          body[random.nextInt(body.length)] = (byte) random.nextInt(256);
        }
        check(request.headers(), body);
      }
    }
  }

  /**
   * Every mutant of {@code node}: replaced by each wrong value, each field or element removed or
   * mutated in turn, and JSON carried in strings (as text or base64) mutated inside. {@code place}
   * puts a replacement for {@code node} back into a copy of the whole sample.
   */
  private static void mutants(
      JsonNode node, UnaryOperator<JsonNode> place, Consumer<JsonNode> out) {
    for (JsonNode wrong : WRONG) {
      out.accept(place.apply(wrong.deepCopy()));
    }
    if (node.isObject()) {
      List<String> fields = new ArrayList<>();
      node.fieldNames().forEachRemaining(fields::add);
      for (String field : fields) {
        ObjectNode without = ((ObjectNode) node).deepCopy();
        without.remove(field);
        out.accept(place.apply(without));
        mutants(
            node.get(field),
            v -> {
              ObjectNode copy = ((ObjectNode) node).deepCopy();
              copy.set(field, v);
              return place.apply(copy);
            },
            out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        int index = i;
        ArrayNode without = ((ArrayNode) node).deepCopy();
        without.remove(index);
        out.accept(place.apply(without));
        mutants(
            node.get(index),
            v -> {
              ArrayNode copy = ((ArrayNode) node).deepCopy();
              copy.set(index, v);
              return place.apply(copy);
            },
            out);
      }
    } else if (node.isTextual()) {
      String text = node.textValue();
      JsonNode inner = objectIn(text.getBytes(StandardCharsets.UTF_8));
      if (inner != null) {
        for (int end = 0; end < text.length(); end += 1 + text.length() / 25) {
          out.accept(place.apply(TextNode.valueOf(text.substring(0, end))));
        }
        mutants(inner, v -> place.apply(TextNode.valueOf(v.toString())), out);
        return;
      }
      byte[] decoded = base64(text);
      inner = decoded == null ? null : objectIn(decoded);
      if (inner != null) {
        mutants(
            inner,
            v ->
                place.apply(
                    TextNode.valueOf(
                        Base64.getEncoder()
                            .encodeToString(v.toString().getBytes(StandardCharsets.UTF_8)))),
            out);
      }
    }
  }

  private static JsonNode objectIn(byte[] bytes) {
    try {
      JsonNode node = Samples.JSON.readTree(bytes);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] base64(String text) {
    if (text.length() < 8) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
