package io.conserver.vcon.crypto.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * JWE decryption for one recipient with the JDK alone (RFC 7516, algorithms of RFC 7518): the
 * content key unwrapped with RSA-OAEP (SHA-1) or RSA-OAEP-256, the content decrypted with
 * AES_CBC_HMAC_SHA2 (section 5.2) or AES-GCM (section 5.3), then inflated when {@code zip} is
 * {@code DEF}. Verification-only code needs no JOSE library this way.
 */
public final class JweContent {
  /** Far above any vCon: a {@code zip} bomb stops here. */
  private static final int MAX_INFLATED_BYTES = 256 * 1024 * 1024;

  private JweContent() {}

  /**
   * The plaintext, or {@code null} when the key does not fit this recipient or the data was altered
   * (indistinguishable on purpose).
   */
  public static byte[] decrypt(
      RSAPrivateKey key,
      String alg,
      String enc,
      String zip,
      byte[] encryptedKey,
      byte[] iv,
      byte[] ciphertext,
      byte[] tag,
      byte[] aad) {
    try {
      byte[] cek = unwrap(key, alg, encryptedKey);
      if (cek == null || cek.length != keyBytes(enc)) {
        return null;
      }
      byte[] plaintext =
          enc.endsWith("GCM")
              ? gcm(cek, iv, ciphertext, tag, aad)
              : cbcHmac(enc, cek, iv, ciphertext, tag, aad);
      if (plaintext == null || zip == null) {
        return plaintext;
      }
      return "DEF".equals(zip) ? inflate(plaintext) : null;
    } catch (GeneralSecurityException | DataFormatException | RuntimeException e) {
      return null;
    }
  }

  private static int keyBytes(String enc) {
    return switch (enc) {
      case "A128CBC-HS256" -> 32;
      case "A192CBC-HS384" -> 48;
      case "A256CBC-HS512" -> 64;
      case "A128GCM" -> 16;
      case "A192GCM" -> 24;
      case "A256GCM" -> 32;
      default -> throw new IllegalArgumentException("unsupported enc");
    };
  }

  private static byte[] unwrap(RSAPrivateKey key, String alg, byte[] encryptedKey)
      throws GeneralSecurityException {
    Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
    MGF1ParameterSpec mgf =
        "RSA-OAEP-256".equals(alg) ? MGF1ParameterSpec.SHA256 : MGF1ParameterSpec.SHA1;
    rsa.init(
        Cipher.DECRYPT_MODE,
        key,
        new OAEPParameterSpec(mgf.getDigestAlgorithm(), "MGF1", mgf, PSource.PSpecified.DEFAULT));
    return rsa.doFinal(encryptedKey);
  }

  private static byte[] gcm(byte[] cek, byte[] iv, byte[] ciphertext, byte[] tag, byte[] aad)
      throws GeneralSecurityException {
    if (iv.length != 12 || tag.length != 16) {
      return null;
    }
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, iv));
    aes.updateAAD(aad);
    aes.update(ciphertext);
    return aes.doFinal(tag);
  }

  /** RFC 7518 5.2.2.2: MAC key first half, encryption key second half, tag = half the HMAC. */
  private static byte[] cbcHmac(
      String enc, byte[] cek, byte[] iv, byte[] ciphertext, byte[] tag, byte[] aad)
      throws GeneralSecurityException {
    int half = cek.length / 2;
    String hmac = "HmacSHA" + enc.substring(enc.length() - 3);
    Mac mac = Mac.getInstance(hmac);
    mac.init(new SecretKeySpec(Arrays.copyOfRange(cek, 0, half), hmac));
    mac.update(aad);
    mac.update(iv);
    mac.update(ciphertext);
    mac.update(ByteBuffer.allocate(8).putLong((long) aad.length * 8).array());
    byte[] expected = Arrays.copyOf(mac.doFinal(), half);
    if (!MessageDigest.isEqual(expected, tag)) {
      return null;
    }
    Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
    aes.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(Arrays.copyOfRange(cek, half, cek.length), "AES"),
        new IvParameterSpec(iv));
    return aes.doFinal(ciphertext);
  }

  private static byte[] inflate(byte[] deflated) throws DataFormatException {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(deflated);
      ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 4);
      byte[] buffer = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new DataFormatException("truncated DEFLATE data");
        }
        if (out.size() + n > MAX_INFLATED_BYTES) {
          throw new DataFormatException("inflates beyond the limit");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }
}
