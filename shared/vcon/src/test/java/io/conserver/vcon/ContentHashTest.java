package io.conserver.vcon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentHashTest {
  @Test
  void wgRecordingHash_matchesTheMp3ItNames() throws IOException {
    Vcon vcon = Vcon.parse(TestResources.bytes("wg/examples/ab_call_ext_rec.vcon"));
    String token = vcon.dialogs().get(0).contentHashes().get(0);

    try (InputStream mp3 = TestResources.class.getResourceAsStream("/wg/media/ab_call.mp3")) {
      assertThat(ContentHash.sha512(mp3).toString()).isEqualTo(token);
    }
  }

  @Test
  void knownVector_sha512OfAbc() {
    // FIPS 180-2 test vector for "abc", base64url without padding.
    assertThat(ContentHash.sha512("abc".getBytes(StandardCharsets.US_ASCII)).toString())
        .isEqualTo(
            "sha512-3a81oZNherrMQXNJriBBMRLm-k6JqX6iCp7u5ktV05ohkpkqJ0_BqDa6PCOj_uu9RU1EI2Q86A4qmslPpUyknw");
  }

  @Test
  void streamingHash_equalsTheWholeArrayHash_andReadsInChunks() throws IOException {
    byte[] data = new byte[1_000_003];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    HashingInputStream hashing = HashingInputStream.sha512(new ByteArrayInputStream(data));
    hashing.transferTo(java.io.OutputStream.nullOutputStream());

    assertThat(hashing.sha512()).isEqualTo(ContentHash.sha512(data));
    assertThat(hashing.byteCount()).isEqualTo(data.length);
  }

  @Test
  void matches_acceptsAnyKnownTokenOfAList_andRejectsAWrongDigest() throws IOException {
    byte[] data = "media".getBytes(StandardCharsets.UTF_8);
    String right = ContentHash.sha512(data).toString();
    String wrong = ContentHash.sha512("other".getBytes(StandardCharsets.UTF_8)).toString();

    assertThat(ContentHash.matches(new ByteArrayInputStream(data), List.of(wrong, right))).isTrue();
    assertThat(ContentHash.matches(new ByteArrayInputStream(data), List.of(wrong))).isFalse();
  }

  @Test
  void parse_rejectsPaddingUppercaseAlgorithmsAndWrongLengths() {
    String digest = ContentHash.sha512(new byte[0]).digest();

    assertThat(ContentHash.parse("sha512-" + digest).algorithm()).isEqualTo("sha512");
    assertThatThrownBy(() -> ContentHash.parse("SHA512-" + digest))
        .hasMessageContaining("lowercase");
    assertThatThrownBy(() -> ContentHash.parse("sha512-" + digest + "=="))
        .isInstanceOf(VconException.class);
    assertThatThrownBy(() -> ContentHash.parse("sha512-abc"))
        .hasMessageContaining("86 digest characters");
    assertThat(ContentHash.parse("blake3-abc").algorithm()).isEqualTo("blake3");
  }
}
