package io.conserver.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the one place it is looked up: one digest per thread (hot paths hash a key per request
 * and two marker names per object and stage), and no checked exception at every call site.
 */
public final class Sha256 {
  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("the JDK lacks SHA-256", e);
            }
          });

  private Sha256() {}

  /** The digest of {@code text}'s UTF-8 bytes. */
  public static byte[] of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] of(byte[] bytes) {
    return DIGEST.get().digest(bytes);
  }

  /** The digest of {@code length} bytes of {@code bytes} from {@code offset}. */
  public static byte[] of(byte[] bytes, int offset, int length) {
    MessageDigest digest = DIGEST.get();
    digest.update(bytes, offset, length);
    return digest.digest();
  }

  /** The digest of {@code text}'s UTF-8 bytes in lower-case hex. */
  public static String hex(String text) {
    return HexFormat.of().formatHex(of(text));
  }
}
