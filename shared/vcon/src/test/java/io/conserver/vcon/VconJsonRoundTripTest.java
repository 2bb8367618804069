package io.conserver.vcon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class VconJsonRoundTripTest {
  private final VconJson codec = VconJson.codec();

  static java.util.List<String> wgExamples() {
    return TestResources.wgExamples();
  }

  @ParameterizedTest
  @MethodSource("wgExamples")
  void wgExample_writesBackTheSameJsonWithoutWhitespace(String example) {
    byte[] original = TestResources.bytes("wg/examples/" + example);

    byte[] written = codec.write(codec.read(original));

    assertThat(new String(written, StandardCharsets.UTF_8))
        .isEqualTo(Minify.json(new String(original, StandardCharsets.UTF_8)));
  }

  @ParameterizedTest
  @MethodSource("wgExamples")
  void wgExample_parseWriteParse_givesAnIdenticalTree(String example) {
    JsonNode first = codec.read(TestResources.bytes("wg/examples/" + example));

    JsonNode second = codec.read(codec.write(first));

    assertThat(second).isEqualTo(first);
    assertThat(codec.read(codec.writePretty(first))).isEqualTo(first);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e3", "33.120", "-0", "-0.0", "1E-7", "12345678901234567890123", "0.1"})
  void numberLiterals_areWrittenExactlyAsRead(String literal) {
    String json = "{\"n\":" + literal + "}";

    assertThat(new String(codec.write(codec.read(json)), StandardCharsets.UTF_8)).isEqualTo(json);
  }

  @Test
  void unknownMembers_keepTheirPlaceInMemberOrder() {
    String json =
        "{\"x-vendor\":{\"b\":1,\"a\":[true,null]},\"uuid\":\"u\",\"zeta\":\"z\",\"alpha\":2}";

    assertThat(new String(codec.write(codec.read(json)), StandardCharsets.UTF_8)).isEqualTo(json);
  }

  @Test
  void emptyDocument_isAClearError() {
    assertThatThrownBy(() -> codec.read("  \n"))
        .isInstanceOf(VconParseException.class)
        .hasMessage("empty document: expected a JSON object");
  }

  @Test
  void malformedJson_namesLineAndColumn() {
    assertThatThrownBy(() -> codec.read("{\n  \"uuid\": \"a\",\n  oops\n}"))
        .isInstanceOf(VconParseException.class)
        .hasMessageStartingWith("malformed JSON at line 3, column 3")
        .satisfies(e -> assertThat(((VconParseException) e).line()).isEqualTo(3));
  }

  @Test
  void duplicateMemberNames_areRejected() {
    assertThatThrownBy(() -> codec.read("{\"uuid\":\"a\",\"uuid\":\"b\"}"))
        .isInstanceOf(VconParseException.class)
        .hasMessageContaining("uuid");
  }

  @Test
  void trailingContent_isRejected() {
    assertThatThrownBy(() -> codec.read("{} {}"))
        .isInstanceOf(VconParseException.class)
        .hasMessageContaining("after the end");
  }

  @Test
  void documentOverTheSizeLimit_isRefusedFromAStreamWithoutReadingItAll() {
    VconJson small = codec.withMaxBytes(100);
    byte[] big = ("{\"subject\":\"" + "x".repeat(1000) + "\"}").getBytes(StandardCharsets.UTF_8);
    CountingStream in = new CountingStream(big);

    assertThatThrownBy(() -> small.read(in))
        .isInstanceOf(VconParseException.class)
        .hasMessageContaining("larger than the limit of 100 bytes");
    assertThat(in.consumed).isLessThan(big.length);
    assertThatThrownBy(() -> small.read(big)).hasMessageContaining("limit");
  }

  @Test
  void deepNesting_isAClearErrorNotAStackOverflow() {
    String deep = "[".repeat(5000) + "]".repeat(5000);

    assertThatThrownBy(() -> codec.read(deep))
        .isInstanceOf(VconParseException.class)
        .hasMessageContaining("nesting deeper than 200");
  }

  private static final class CountingStream extends ByteArrayInputStream {
    int consumed;

    CountingStream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      int n = super.read(b, off, Math.min(len, 16));
      consumed += Math.max(n, 0);
      return n;
    }
  }
}
