package io.conserver.vcon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VconUuidTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00.123Z");

  @Test
  void generated_isVersion8_variant2_withTheTimestampAndDomainHashOfTheDraft() throws Exception {
    UUID id = VconUuid.generate("Conserver.Example", Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(id.version()).isEqualTo(8);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(NOW.toEpochMilli());
    byte[] sha1 = MessageDigest.getInstance("SHA-1").digest("conserver.example".getBytes());
    long high62 = ByteBuffer.wrap(sha1, 0, 8).getLong() >>> 2;
    assertThat(id.getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL).isEqualTo(high62);
    assertThat(VconUuid.isCanonical(id.toString())).isTrue();
  }

  @Test
  void generated_idsDiffer_withinTheSameMillisecond() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    var ids = new java.util.HashSet<UUID>();
    for (int i = 0; i < 50; i++) {
      ids.add(VconUuid.generate("a.example", clock));
    }
    assertThat(ids.size()).isGreaterThan(40);
  }

  @Test
  void generated_idsOfOneProcess_neverRepeat_andSortByCreation_evenBeyond4096PerMillisecond() {
    Clock clock = Clock.systemUTC();
    UUID previous = VconUuid.generate("a.example", clock);
    var ids = new java.util.HashSet<UUID>();
    for (int i = 0; i < 20_000; i++) {
      UUID id = VconUuid.generate("a.example", clock);
      assertThat(id.compareTo(previous)).as("after %s", previous).isPositive();
      assertThat(id.version()).isEqualTo(8);
      ids.add(id);
      previous = id;
    }
    assertThat(ids).hasSize(20_000);
  }

  @Test
  void derive_isDeterministic_keepsTheTimePrefix_andDependsOnTheLabel() {
    UUID original = UUID.fromString("019f15a6-a752-826f-b9a2-279e0d16bc46");

    UUID redacted = VconUuid.derive(original, "redacted");

    assertThat(VconUuid.derive(original, "redacted")).isEqualTo(redacted);
    assertThat(VconUuid.derive(original, "translated")).isNotEqualTo(redacted);
    assertThat(redacted.version()).isEqualTo(8);
    assertThat(redacted.getMostSignificantBits() >>> 16)
        .isEqualTo(original.getMostSignificantBits() >>> 16);
  }

  @Test
  void isCanonical_rejectsOtherShapes() {
    assertThat(VconUuid.isCanonical("019f15a6a752826fb9a2279e0d16bc46")).isFalse();
    assertThat(VconUuid.isCanonical("{019f15a6-a752-826f-b9a2-279e0d16bc46}")).isFalse();
    assertThat(VconUuid.isCanonical(null)).isFalse();
  }

  @Test
  void reseed_forgetsTheSequence_soARestoredSnapshotDoesNotContinueItsParentsCounter() {
    Instant later = Instant.parse("2100-01-01T00:00:00Z");
    Clock fixed = Clock.fixed(later, ZoneOffset.UTC);
    UUID last = null;
    for (int i = 0; i < 4097; i++) { // more than 12 bits' worth: the sequence borrows a millisecond
      last = VconUuid.generate("conserver.example", fixed);
    }
    assertThat(last.getMostSignificantBits() >>> 16).isEqualTo(later.toEpochMilli() + 1);

    VconUuid.reseed();

    UUID restored = VconUuid.generate("conserver.example", fixed);
    assertThat(restored.getMostSignificantBits() >>> 16).isEqualTo(later.toEpochMilli());
    VconUuid.reseed(); // leave no far-future sequence to the other tests
  }
}
