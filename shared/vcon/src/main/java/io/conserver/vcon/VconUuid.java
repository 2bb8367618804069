package io.conserver.vcon;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * vCon identifiers. The draft's UUIDv8 is laid out like a UUIDv7 (48-bit Unix milliseconds, 12
 * random bits) except that the final 62 bits are the high 62 bits of the SHA-1 of the generator's
 * domain name, so ids sort by creation time and say which domain minted them.
 *
 * <p>Only 12 bits vary within a millisecond for one domain, so random bits alone collide: 160 ids
 * minted in a few milliseconds collide with a probability of tens of percent. Within this process
 * the 12 bits are therefore a counter (RFC 9562 section 6.2, method 1) that starts at a random
 * value in the lower half of its range each new millisecond and, when it runs out, borrows the next
 * millisecond: ids of one process never repeat and keep sorting by creation (a clock more than 10 s
 * behind the last id's, such as a fixed clock in a test, gets random bits as before).
 */
public final class VconUuid {
  private static final Pattern CANONICAL =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  // Replaced by reseed(); guarded by the class, like the sequence below.
  private static SecureRandom random = new SecureRandom();

  private VconUuid() {}

  /** A new UUIDv8 for the given domain name, using the system clock. */
  public static UUID generate(String domain) {
    return generate(domain, Clock.systemUTC());
  }

  public static UUID generate(String domain, Clock clock) {
    long stamp = nextStamp(clock.millis());
    return assemble(
        stamp >>> 12, (int) (stamp & 0xfff), high62(sha1(domain.toLowerCase(Locale.ROOT))));
  }

  // The last id's millisecond and counter, for the monotonic sequence; guarded by the class.
  private static long lastMillis = Long.MIN_VALUE;
  private static int lastCounter;

  /** The next (millis << 12 | counter): strictly after the previous one of this process. */
  private static synchronized long nextStamp(long millis) {
    if (millis > lastMillis) {
      lastMillis = millis;
      lastCounter = random.nextInt(1 << 11);
    } else if (lastMillis - millis <= 10_000) { // the same millisecond, or the clock stepped back
      if (++lastCounter > 0xfff) {
        lastMillis++;
        lastCounter = 0;
      }
    } else { // a clock far behind this process's (a fixed clock in a test): random bits, as before
      return millis << 12 | random.nextInt(1 << 12);
    }
    return lastMillis << 12 | lastCounter;
  }

  /**
   * Forgets the sequence and draws a new random source. For a process restored from a memory
   * snapshot (Lambda SnapStart): every copy restored from one snapshot would otherwise continue the
   * same sequence from the same random state and mint the same ids in the same millisecond.
   */
  public static synchronized void reseed() {
    random = new SecureRandom();
    lastMillis = Long.MIN_VALUE;
    lastCounter = 0;
  }

  /**
   * A deterministic UUIDv8 derived from another vCon's uuid and a label (e.g. "redacted"): the same
   * inputs always give the same id, so a retried stage writes the same object, and the derived id
   * keeps the original's time prefix so the two sort together.
   */
  public static UUID derive(UUID original, String label) {
    Objects.requireNonNull(label, "label");
    byte[] hash = sha1(original.toString() + "/" + label);
    long millis = original.getMostSignificantBits() >>> 16;
    int randA = ((hash[0] & 0xff) << 4 | (hash[1] & 0xff) >>> 4) & 0xfff;
    return assemble(millis, randA, high62(hash));
  }

  /** Whether the text is a UUID in the canonical 8-4-4-4-12 hexadecimal form. */
  public static boolean isCanonical(String text) {
    return text != null && CANONICAL.matcher(text).matches();
  }

  /** The UUID version nibble (8 for ids made here). */
  public static int version(UUID uuid) {
    return uuid.version();
  }

  private static UUID assemble(long millis, int randA, long custom62) {
    long msb = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x8000L | (randA & 0xfff);
    long lsb = 0x8000_0000_0000_0000L | (custom62 & 0x3FFF_FFFF_FFFF_FFFFL);
    return new UUID(msb, lsb);
  }

  private static long high62(byte[] hash) {
    return ByteBuffer.wrap(hash, 0, 8).getLong() >>> 2;
  }

  private static byte[] sha1(String text) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-1", e);
    }
  }
}
