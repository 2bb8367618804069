package io.conserver.server.share;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.VconJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Share-link tokens: {@code base64url(claims) "." base64url(HMAC-SHA256(tenant key, claims))}, the
 * claims being {@code {"t": tenant, "s": share id, "e": expiry (epoch seconds)}}. The tenant's
 * share-link key never leaves the server; a token altered in any byte (another tenant, another id,
 * a later expiry) fails the constant-time comparison. Tokens carry no personal data and are never
 * logged.
 */
public final class ShareTokens {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{8,400}\\.[A-Za-z0-9_-]{43}");
  private static final byte[] CONTEXT = "conserver-share/1.".getBytes(StandardCharsets.US_ASCII);
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final byte[] key;

  public ShareTokens(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("a share-link key has at least 32 bytes");
    }
    this.key = key.clone();
  }

  /** What a token says, before (or after) its signature is checked. */
  public record Claims(String tenant, String shareId, Instant expires) {}

  public String mint(Claims claims) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("t", claims.tenant());
    json.put("s", claims.shareId());
    json.put("e", claims.expires().getEpochSecond());
    String body = ENCODER.encodeToString(VconJson.codec().write(json));
    return body + "." + ENCODER.encodeToString(mac(body));
  }

  /** The claims of a well-formed token, unverified: only to find the tenant whose key checks it. */
  public static Optional<Claims> peek(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      return Optional.empty();
    }
    try {
      byte[] body = Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')));
      JsonNode json = VconJson.codec().read(body);
      String tenant = json.path("t").asText("");
      String id = json.path("s").asText("");
      if (tenant.isEmpty() || !ShareRecords.isShareId(id) || !json.path("e").isIntegralNumber()) {
        return Optional.empty();
      }
      return Optional.of(new Claims(tenant, id, Instant.ofEpochSecond(json.path("e").asLong())));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The claims, when this tenant's key signed the token. */
  public Optional<Claims> verify(String token) {
    Optional<Claims> claims = peek(token);
    if (claims.isEmpty()) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    byte[] presented = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    return MessageDigest.isEqual(mac(token.substring(0, dot)), presented)
        ? claims
        : Optional.empty();
  }

  private byte[] mac(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(CONTEXT);
      return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /** A deterministic share id for an idempotency key, so a retried creation finds its share. */
  public String idFor(String uuid, String idempotencyKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest =
          mac.doFinal(("share-id|" + uuid + "|" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
