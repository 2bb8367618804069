package io.conserver.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.platform.BucketLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlobKeysTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "inbox/default/x.vcon.json",
        "a/.b/c..d/...",
        ".hidden",
        "..x",
        "x.",
        "ünïcode/名前"
      })
  void acceptsKeysOfPlainSegments(String key) {
    assertThat(BlobKeys.isValid(key)).isTrue();
    assertThat(BlobKeys.require(key)).isSameAs(key);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/a",
        "a/",
        "a//b",
        ".",
        "..",
        "a/./b",
        "a/../b",
        "a/..",
        "./a",
        "a\\b",
        "a\u0000b",
        "a\nb",
        "a\u007fb"
      })
  void refusesKeysThatCouldEscapeOrConfuseAPath(String key) {
    assertThat(BlobKeys.isValid(key)).isFalse();
    assertThatThrownBy(() -> BlobKeys.require(key)).isInstanceOf(InvalidKeyException.class);
  }

  @Test
  void theLengthLimitCountsUtf8Bytes_notCharacters() {
    assertThat(BlobKeys.isValid("a".repeat(BlobKeys.MAX_KEY_BYTES))).isTrue();
    assertThat(BlobKeys.isValid("a".repeat(BlobKeys.MAX_KEY_BYTES + 1))).isFalse();
    // 'é' is two bytes: 512 of them fill the limit exactly, 513 exceed it in 513 characters.
    assertThat(BlobKeys.isValid("é".repeat(512))).isTrue();
    assertThatThrownBy(() -> BlobKeys.require("é".repeat(513)))
        .hasMessageContaining("longer than 1024 bytes");
  }

  @Test
  void ledgerKeys_sortInSequenceOrder() {
    assertThat(BucketLayout.ledgerKey("c", 1)).isEqualTo("ledger/c/00000001.json");
    assertThat(BucketLayout.ledgerKey("c", 12345678)).isEqualTo("ledger/c/12345678.json");
    assertThat(BucketLayout.ledgerKey("c", 123456789)).isEqualTo("ledger/c/123456789.json");
  }
}
