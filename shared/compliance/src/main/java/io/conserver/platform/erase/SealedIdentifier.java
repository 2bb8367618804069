package io.conserver.platform.erase;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps the identifier of an unfinished erase request in its state object without storing it in
 * clear: AES-256-GCM with a key derived from the tenant's party-index key (HMAC-SHA256 of a fixed
 * label), so resuming after a crash needs nothing but the tenant's key. The sealed value is removed
 * from the state once the request is done.
 */
final class SealedIdentifier {
  private static final byte[] LABEL =
      "conserver erase request state v1".getBytes(StandardCharsets.UTF_8);
  private static final int NONCE_BYTES = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  SealedIdentifier(byte[] tenantKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(tenantKey, "HmacSHA256"));
      this.key = new SecretKeySpec(mac.doFinal(LABEL), "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  String seal(String identifier, String requestId) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(requestId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(identifier.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /** The identifier; fails when the value was changed or sealed for another request or tenant. */
  String open(String sealed, String requestId) {
    byte[] bytes = Base64.getUrlDecoder().decode(sealed);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          key,
          new GCMParameterSpec(128, Arrays.copyOfRange(bytes, 0, NONCE_BYTES)));
      cipher.updateAAD(requestId.getBytes(StandardCharsets.UTF_8));
      return new String(
          cipher.doFinal(Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length)),
          StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "the erase request " + requestId + " cannot be opened with this tenant's key", e);
    }
  }
}
