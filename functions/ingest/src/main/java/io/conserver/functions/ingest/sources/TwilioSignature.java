package io.conserver.functions.ingest.sources;

import io.conserver.platform.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-Twilio-Signature} on a form-encoded webhook, by Twilio's documented algorithm:
 * the full URL Twilio requested, then each POST parameter's name and value, sorted by name,
 * concatenated without separators; HMAC-SHA1 with the account's auth token; base64.
 *
 * <p>For a JSON body Twilio signs the URL alone, which carries {@code bodySHA256} (hex SHA-256 of
 * the body) as a query parameter: {@link #verifyJson} checks both. Not covered: form parameters
 * repeated with several values.
 */
public final class TwilioSignature {
  private final byte[] authToken;

  public TwilioSignature(String authToken) {
    if (authToken == null || authToken.isEmpty()) {
      throw new IllegalArgumentException("a Twilio auth token is required");
    }
    this.authToken = authToken.getBytes(StandardCharsets.UTF_8);
  }

  /** The signature Twilio would send for this request. */
  public String expected(String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken, "HmacSHA1"));
      byte[] digest = mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
    }
  }

  /**
   * A JSON-body webhook: the signature over the URL (no parameters), and the URL's {@code
   * bodySHA256} equal to the body's hex SHA-256.
   */
  public boolean verifyJson(String url, byte[] body, String header) {
    Matcher m = Pattern.compile("[?&]bodySHA256=([0-9a-fA-F]{64})(&|$)").matcher(url);
    if (!m.find() || !verify(url, Map.of(), header)) {
      return false;
    }
    return MessageDigest.isEqual(
        HexFormat.of().formatHex(Sha256.of(body)).getBytes(StandardCharsets.US_ASCII),
        m.group(1).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }

  /** Whether the header matches; compared in constant time. A missing header never matches. */
  public boolean verify(String url, Map<String, String> params, String header) {
    if (header == null || header.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(
        expected(url, params).getBytes(StandardCharsets.US_ASCII),
        header.getBytes(StandardCharsets.US_ASCII));
  }
}
