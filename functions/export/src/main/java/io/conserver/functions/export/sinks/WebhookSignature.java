package io.conserver.functions.export.sinks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Conserver-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}, keyed with the
 * shared secret. Signing the timestamp with the body lets a receiver refuse replays of old
 * deliveries (check the timestamp is recent, then compare signatures in constant time).
 */
public final class WebhookSignature {
  private WebhookSignature() {}

  public static String sign(byte[] secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
