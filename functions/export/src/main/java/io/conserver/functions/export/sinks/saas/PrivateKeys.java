package io.conserver.functions.export.sinks.saas;

import io.conserver.functions.export.sinks.SinkRejectedException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** RSA private keys from PEM text (a Google service-account key, a Salesforce connected app's). */
final class PrivateKeys {
  private static final String PKCS8 = "-----BEGIN PRIVATE KEY-----";
  private static final String PKCS1 = "-----BEGIN RSA PRIVATE KEY-----";

  private PrivateKeys() {}

  /**
   * An unencrypted PKCS#8 RSA key. Escaped newlines ({@code \n} as two characters, as in a one-line
   * environment variable) are accepted. The message never contains key material.
   */
  static RSAPrivateKey rsa(String pem, String setting) throws SinkRejectedException {
    String text = pem.replace("\\n", "\n").strip();
    if (text.startsWith(PKCS1)) {
      throw new SinkRejectedException(
          setting + " is a PKCS#1 key; convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem");
    }
    if (!text.startsWith(PKCS8) || !text.contains("-----END PRIVATE KEY-----")) {
      throw new SinkRejectedException(
          setting + " must be an unencrypted PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----)");
    }
    String body =
        text.substring(PKCS8.length(), text.indexOf("-----END PRIVATE KEY-----"))
            .replaceAll("\\s", "");
    try {
      return (RSAPrivateKey)
          KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
      throw new SinkRejectedException(setting + " is not a readable RSA private key");
    }
  }
}
