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
 */
public final class VconUuid {
  private static final Pattern CANONICAL =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private static final SecureRandom RANDOM = new SecureRandom();

  private VconUuid() {}

  /** A new UUIDv8 for the given domain name, using the system clock. */
  public static UUID generate(String domain) {
    return generate(domain, Clock.systemUTC());
  }

  public static UUID generate(String domain, Clock clock) {
    long millis = clock.millis();
    int randA = RANDOM.nextInt(1 << 12);
    return assemble(millis, randA, high62(sha1(domain.toLowerCase(Locale.ROOT))));
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
