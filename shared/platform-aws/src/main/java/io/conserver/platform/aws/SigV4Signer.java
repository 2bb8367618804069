package io.conserver.platform.aws;

import io.conserver.platform.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for S3 requests sent in the Authorization header, as specified in
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html: a canonical
 * request (method, URI-encoded path, sorted query, the signed headers, the payload's SHA-256 or
 * {@code UNSIGNED-PAYLOAD}) hashed into a string to sign, signed with a key derived from the
 * secret, the date, the region and the service. Nothing here logs or keeps the secret beyond the
 * call.
 */
final class SigV4Signer {
  static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  static final String EMPTY_PAYLOAD_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  private final String region;
  private final String service;

  SigV4Signer(String region, String service) {
    this.region = region;
    this.service = service;
  }

  /**
   * The headers to send with a request, signed: {@code headers} (names in any case, sent in lower
   * case) with {@code x-amz-date}, {@code x-amz-content-sha256}, {@code x-amz-security-token} with
   * a session token, and {@code authorization}. Every one of them is signed, with {@code host},
   * which the HTTP client sends itself and is therefore not in the result.
   *
   * @param canonicalPath the path exactly as sent, already URI-encoded
   * @param query the query parameters, not encoded (an empty value for a bare name)
   * @param payloadSha256 the body's hex SHA-256, or {@link #UNSIGNED_PAYLOAD}
   */
  Map<String, String> sign(
      String method,
      String host,
      String canonicalPath,
      Map<String, String> query,
      Map<String, String> headers,
      String payloadSha256,
      AwsCredentials credentials,
      Instant now) {
    String amzDate = AMZ_DATE.format(now);
    String day = amzDate.substring(0, 8);
    SortedMap<String, String> signed = new TreeMap<>();
    headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value.trim()));
    signed.put("host", host);
    signed.put("x-amz-date", amzDate);
    signed.put("x-amz-content-sha256", payloadSha256);
    credentials.sessionToken().ifPresent(token -> signed.put("x-amz-security-token", token));

    StringBuilder canonical = new StringBuilder();
    canonical.append(method).append('\n').append(canonicalPath).append('\n');
    canonical.append(canonicalQuery(query)).append('\n');
    signed.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
    String signedNames = String.join(";", signed.keySet());
    canonical.append('\n').append(signedNames).append('\n').append(payloadSha256);

    String scope = day + "/" + region + "/" + service + "/aws4_request";
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + HEX.formatHex(Sha256.of(canonical.toString()));
    byte[] key =
        hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), day);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String signature = HEX.formatHex(hmac(key, toSign));

    Map<String, String> send = new TreeMap<>(signed);
    send.remove("host");
    send.put(
        "authorization",
        "AWS4-HMAC-SHA256 Credential="
            + credentials.accessKeyId()
            + "/"
            + scope
            + ",SignedHeaders="
            + signedNames
            + ",Signature="
            + signature);
    return send;
  }

  /** Query parameters sorted by encoded name, each name and value URI-encoded. */
  static String canonicalQuery(Map<String, String> query) {
    SortedMap<String, String> sorted = new TreeMap<>();
    query.forEach((name, value) -> sorted.put(uriEncode(name, true), uriEncode(value, true)));
    StringBuilder out = new StringBuilder();
    sorted.forEach(
        (name, value) -> {
          if (out.length() > 0) {
            out.append('&');
          }
          out.append(name).append('=').append(value);
        });
    return out.toString();
  }

  /**
   * URI-encodes UTF-8 text the way SigV4 and S3 expect: unreserved characters ({@code A-Z a-z 0-9 -
   * . _ ~}) as they are, every other byte as {@code %XX} in upper case; a slash is kept unless
   * {@code encodeSlash}.
   */
  static String uriEncode(String text, boolean encodeSlash) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || (c == '/' && !encodeSlash)) {
        out.append(c);
      } else {
        out.append('%').append(HEX.withUpperCase().toHexDigits(b));
      }
    }
    return out.toString();
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }
}
