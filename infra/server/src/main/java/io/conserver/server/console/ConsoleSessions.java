package io.conserver.server.console;

import io.conserver.server.ConsoleGateway;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Console sessions: after a sign-in with an API key, the browser holds a cookie naming the tenant,
 * the key's id (never the key) and an expiry, signed with HMAC-SHA256 under a secret drawn at start
 * (so a restart signs everyone out; nothing about sessions is stored). The CSRF token of a session
 * is an HMAC of its cookie under the same secret: forms carry it, and a POST without the matching
 * token is refused.
 */
@ApplicationScoped
public class ConsoleSessions {
  static final String COOKIE = "conserver_console";
  static final Duration LIFETIME = Duration.ofHours(8);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

  /** A verified session cookie. */
  record Session(String tenant, String keyId, Instant expires, String token) {}

  private final byte[] secret = new byte[32];
  private final SecureRandom random = new SecureRandom();

  ConsoleSessions() {
    random.nextBytes(secret);
  }

  /** A new session cookie value for a key that signed in. */
  String issue(ConsoleGateway.SignedIn who, Instant now) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    String payload =
        String.join(
            "\n",
            who.tenant(),
            who.keyId(),
            Long.toString(now.plus(LIFETIME).getEpochSecond()),
            B64.encodeToString(nonce));
    String encoded = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    return encoded + "." + mac("session", encoded);
  }

  /** The session a cookie value names, when its signature holds and it has not expired. */
  Optional<Session> read(String cookie, Instant now) {
    if (cookie == null || cookie.length() > 1024) {
      return Optional.empty();
    }
    int dot = cookie.indexOf('.');
    if (dot < 0 || !equal(mac("session", cookie.substring(0, dot)), cookie.substring(dot + 1))) {
      return Optional.empty();
    }
    String[] fields;
    try {
      fields =
          new String(UNB64.decode(cookie.substring(0, dot)), StandardCharsets.UTF_8).split("\n");
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (fields.length != 4) {
      return Optional.empty();
    }
    Instant expires;
    try {
      expires = Instant.ofEpochSecond(Long.parseLong(fields[2]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (!now.isBefore(expires)) {
      return Optional.empty();
    }
    return Optional.of(new Session(fields[0], fields[1], expires, cookie));
  }

  /** The CSRF token forms of this session carry. */
  String csrf(Session session) {
    return mac("csrf", session.token());
  }

  boolean csrfValid(Session session, String presented) {
    return presented != null && equal(csrf(session), presented);
  }

  private String mac(String purpose, String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((purpose + ":").getBytes(StandardCharsets.UTF_8));
      return B64.encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA256", e);
    }
  }

  private static boolean equal(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
