package io.conserver.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sha256Test {
  // FIPS 180-2, appendix B.1.
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void matchesTheStandardsTestVector_forTextAndBytes() {
    assertThat(Sha256.hex("abc")).isEqualTo(ABC);
    assertThat(HexFormat.of().formatHex(Sha256.of("abc".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(ABC);
  }

  @Test
  void aSliceOfABuffer_hashesAsThoseBytesAlone() {
    byte[] buffer = "xxabcyy".getBytes(StandardCharsets.UTF_8);

    assertThat(HexFormat.of().formatHex(Sha256.of(buffer, 2, 3))).isEqualTo(ABC);
  }

  @Test
  void theSharedDigest_startsAfreshForEveryCall() {
    Sha256.of("something else first");

    assertThat(Sha256.hex("abc")).isEqualTo(ABC);
  }
}
