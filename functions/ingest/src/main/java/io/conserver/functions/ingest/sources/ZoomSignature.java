package io.conserver.functions.ingest.sources;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a Zoom webhook ({@code recording.completed} and the rest) by Zoom's documented scheme:
 * {@code x-zm-signature} is {@code "v0=" + hex(HMAC-SHA256(secret token, "v0:" + timestamp + ":" +
 * body))}, with the timestamp from {@code x-zm-request-timestamp} (seconds). A request older or
 * newer than the tolerance is refused, so a captured request cannot be replayed later. Also answers
 * Zoom's endpoint URL validation ({@code endpoint.url_validation}): {@code encryptedToken =
 * hex(HMAC-SHA256(secret token, plainToken))}.
 */
public final class ZoomSignature {
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private final byte[] secretToken;
  private final Duration tolerance;

  public ZoomSignature(String secretToken, Duration tolerance) {
    if (secretToken == null || secretToken.isEmpty()) {
      throw new IllegalArgumentException("a Zoom webhook secret token is required");
    }
    this.secretToken = secretToken.getBytes(StandardCharsets.UTF_8);
    this.tolerance = tolerance;
  }

  /** The {@code x-zm-signature} Zoom would send for this timestamp and raw body. */
  public String expected(String timestamp, byte[] body) {
    byte[] prefix = ("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8);
    byte[] message = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, message, 0, prefix.length);
    System.arraycopy(body, 0, message, prefix.length, body.length);
    return "v0=" + hmac(message);
  }

  /**
   * Whether the signature matches the body and the timestamp is within the tolerance of {@code
   * now}; compared in constant time. Missing or unreadable headers never verify.
   */
  public boolean verify(String timestamp, byte[] body, String signature, Instant now) {
    if (timestamp == null || signature == null || !timestamp.matches("[0-9]{1,12}")) {
      return false;
    }
    Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
    if (Duration.between(sent, now).abs().compareTo(tolerance) > 0) {
      return false;
    }
    return MessageDigest.isEqual(
        expected(timestamp, body).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }

  /** The {@code encryptedToken} answering an {@code endpoint.url_validation} request. */
  public String urlValidationToken(String plainToken) {
    return hmac(plainToken.getBytes(StandardCharsets.UTF_8));
  }

  private String hmac(byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secretToken, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
