package io.conserver.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 for hot paths (a key check per request, two marker names per object and stage): one
 * digest per thread instead of a provider lookup per call.
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
    return DIGEST.get().digest(text.getBytes(StandardCharsets.UTF_8));
  }
}
