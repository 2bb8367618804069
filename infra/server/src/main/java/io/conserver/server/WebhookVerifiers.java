package io.conserver.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.ingest.sources.TwilioRecording;
import io.conserver.functions.ingest.sources.TwilioSignature;
import io.conserver.functions.ingest.sources.ZoomSignature;
import io.conserver.platform.runner.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How each source signs its webhook requests ({@link SourceWebhookResource}): the tenant setting
 * naming the shared secret, the check, and the answer to a mismatch (401, or 403 for Twilio).
 */
final class WebhookVerifiers {
  private WebhookVerifiers() {}

  /** What a check reads besides the body: the signature header, its timestamp, the signed url. */
  record Signature(String value, String timestamp, String url) {
    /** For a source that signs inside the body (Teams' clientState). */
    static final Signature NONE = new Signature(null, null, null);
  }

  /** One source's check that a body is signed with the tenant's secret for that source. */
  @FunctionalInterface
  interface Verifier {
    /** Whether it is; a body too malformed to check is a {@link Problem} (400 or 422). */
    boolean matches(String secret, byte[] body, Signature signature);
  }

  /** A source: the setting naming its secret, its check, and how a mismatch is answered. */
  record Source(
      String secretMember, Verifier verifier, int mismatchStatus, String mismatchDetail) {}

  static Map<String, Source> bySource(Clock clock) {
    return Map.of(
        "twilio",
        new Source(
            "auth_token_ref",
            WebhookVerifiers::twilioSignatureMatches,
            403,
            "X-Twilio-Signature does not match this request"),
        "zoom",
        new Source(
            "secret_token_ref",
            (secret, body, signature) ->
                zoom(secret)
                    .verify(signature.timestamp(), body, signature.value(), clock.instant()),
            401,
            "x-zm-signature does not match (or x-zm-request-timestamp is stale)"),
        "genesys",
        new Source(
            "secret_ref",
            (secret, body, signature) -> genesysSignatureMatches(secret, body, signature.value()),
            401,
            "X-Hub-Signature-256 does not match this body"),
        "teams",
        new Source(
            "client_state_ref",
            (secret, body, signature) -> clientStatesMatch(secret, notifications(body)),
            401,
            "clientState does not match this tenant's subscription"));
  }

  static ZoomSignature zoom(String secret) {
    return new ZoomSignature(secret, ZoomSignature.DEFAULT_TOLERANCE);
  }

  static ObjectNode form(byte[] body) {
    try {
      return TwilioRecording.fromForm(new String(body, StandardCharsets.UTF_8));
    } catch (InvalidInputException e) {
      throw Problem.failure(400, "bad-body", "Bad Request", "the body is not form-encoded");
    }
  }

  private static boolean twilioSignatureMatches(String token, byte[] body, Signature signature) {
    Map<String, String> params = new LinkedHashMap<>();
    form(body).fields().forEachRemaining(f -> params.put(f.getKey(), f.getValue().asText()));
    return new TwilioSignature(token).verify(signature.url(), params, signature.value());
  }

  /** A Graph notification batch: {@code value}, a non-empty array. */
  static JsonNode notifications(byte[] body) {
    JsonNode notifications = SourceWebhookResource.json(body).path("value");
    if (!notifications.isArray() || notifications.isEmpty()) {
      throw Problem.failure(
          422, "bad-record", "Unprocessable", "value: required, an array of notifications");
    }
    return notifications;
  }

  /** Every notification carries the subscription's clientState (compared in constant time). */
  private static boolean clientStatesMatch(String clientState, JsonNode notifications) {
    byte[] expected = clientState.getBytes(StandardCharsets.UTF_8);
    for (JsonNode n : notifications) {
      byte[] given = n.path("clientState").asText("").getBytes(StandardCharsets.UTF_8);
      if (!MessageDigest.isEqual(expected, given)) {
        return false;
      }
    }
    return true;
  }

  private static boolean genesysSignatureMatches(String secret, byte[] body, String header) {
    if (header == null) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String expected = "sha256=" + Base64.getEncoder().encodeToString(mac.doFinal(body));
      return MessageDigest.isEqual(
          expected.getBytes(StandardCharsets.US_ASCII), header.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
