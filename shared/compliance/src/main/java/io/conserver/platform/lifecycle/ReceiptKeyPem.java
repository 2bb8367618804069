package io.conserver.platform.lifecycle;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * A receipt key pair from PEM text: a {@code PRIVATE KEY} (PKCS#8) and a {@code PUBLIC KEY} (X.509)
 * block of an EC P-256 key, the layout of the local runtime's {@code keys/receipt-signing.key}. In
 * the cloud the same text comes from the secret store ({@code conserver.receipt-key}), so a
 * tenant's receipts verify with one public key wherever they were signed.
 */
public final class ReceiptKeyPem {
  private ReceiptKeyPem() {}

  /** Whether a setting holds PEM text (rather than a reference to it in a secret store). */
  public static boolean isPem(String value) {
    return value.strip().startsWith("-----BEGIN ");
  }

  public static KeyPair parse(String pem) {
    try {
      KeyFactory factory = KeyFactory.getInstance("EC");
      return new KeyPair(
          factory.generatePublic(new X509EncodedKeySpec(block(pem, "PUBLIC KEY"))),
          factory.generatePrivate(new PKCS8EncodedKeySpec(block(pem, "PRIVATE KEY"))));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the receipt key must be PEM with an EC PRIVATE KEY and PUBLIC KEY block", e);
    }
  }

  /** The PEM {@link #parse} reads: the PKCS#8 PRIVATE KEY block, then the PUBLIC KEY block. */
  public static String format(KeyPair keys) {
    return block("PRIVATE KEY", keys.getPrivate().getEncoded())
        + block("PUBLIC KEY", keys.getPublic().getEncoded());
  }

  private static String block(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  private static byte[] block(String pem, String label) {
    String begin = "-----BEGIN " + label + "-----";
    int start = pem.indexOf(begin);
    int end = pem.indexOf("-----END " + label + "-----");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("no " + label + " block");
    }
    return Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
  }
}
