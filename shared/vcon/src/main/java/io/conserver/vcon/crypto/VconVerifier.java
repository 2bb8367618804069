package io.conserver.vcon.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.crypto.internal.ChainValidator;
import io.conserver.vcon.crypto.internal.Jose;
import io.conserver.vcon.crypto.internal.Jose.Malformed;
import io.conserver.vcon.crypto.internal.JwsAlgorithm;
import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Verifies a signed vCon (JWS General JSON serialization) against a set of trust anchors: root CA
 * certificates, or a signer's own certificate to pin it. See {@link ChainValidator} for how the x5c
 * chain is validated and why the JDK's PKIX validator is not used.
 *
 * <p>For each entry of {@code signatures}: the header parameters ({@code protected} and {@code
 * header}, which may repeat a parameter only with the same value, as the WG examples do) must give
 * a supported {@code alg} and an {@code x5c} chain; the JWS signature must verify with the leaf's
 * key; the chain must be valid at the check instant. x5c is taken from the protected header, or
 * from the unprotected one with a note; {@code x5u} is never fetched. The vCon is valid when one
 * signature passes; its payload (optionally gzipped, as the draft allows) is then returned, and a
 * {@code uuid} header parameter must match the vCon's uuid.
 *
 * <p>A document that is not a JWS General JSON serialization at all ({@code payload} or {@code
 * signatures} missing or of the wrong type) is a usage error and throws {@link
 * VconCryptoException}; every problem inside it gives an invalid {@link VerificationResult}.
 *
 * <p>Immutable and thread-safe.
 */
public final class VconVerifier {
  /** A longer x5c is not a real chain. */
  static final int MAX_CHAIN = 10;

  static final int MAX_SIGNATURES = 32;

  private final List<X509Certificate> anchors;
  private final Clock clock;

  private VconVerifier(List<X509Certificate> anchors, Clock clock) {
    this.anchors = anchors;
    this.clock = clock;
  }

  /**
   * A verifier that trusts these certificates (roots, intermediates, or pinned signer
   * certificates), checking validity against the system clock.
   */
  public static VconVerifier trusting(List<X509Certificate> anchors) {
    Objects.requireNonNull(anchors, "anchors");
    if (anchors.isEmpty()) {
      throw new IllegalArgumentException("at least one trust anchor is needed");
    }
    return new VconVerifier(List.copyOf(anchors), Clock.systemUTC());
  }

  /** A copy that checks certificate validity at the instant given by {@code clock}. */
  public VconVerifier withClock(Clock clock) {
    return new VconVerifier(anchors, Objects.requireNonNull(clock, "clock"));
  }

  public List<X509Certificate> anchors() {
    return anchors;
  }

  /** Verifies at the clock's current instant. */
  public VerificationResult verify(JsonNode signed) {
    return verify(signed, clock.instant());
  }

  /**
   * Verifies with certificate validity checked at {@code at}.
   *
   * @throws VconCryptoException when {@code signed} is not a JWS General JSON serialization
   */
  public VerificationResult verify(JsonNode signed, Instant at) {
    Objects.requireNonNull(at, "at");
    if (signed == null || !signed.isObject()) {
      throw new VconCryptoException("malformed JWS: a signed vCon must be a JSON object");
    }
    JsonNode payload = signed.get("payload");
    if (payload == null || !payload.isTextual()) {
      throw new VconCryptoException(
          "malformed JWS: missing \"payload\" string (is this a signed vCon?)");
    }
    JsonNode signatures = signed.get("signatures");
    if (signatures == null || !signatures.isArray()) {
      throw new VconCryptoException(
          "malformed JWS: missing \"signatures\" array (is this a signed vCon in General JSON"
              + " serialization?)");
    }
    if (signatures.isEmpty()) {
      throw new VconCryptoException("malformed JWS: the \"signatures\" array is empty");
    }
    if (signatures.size() > MAX_SIGNATURES) {
      return VerificationResult.invalid(
          "malformed JWS: more than " + MAX_SIGNATURES + " signatures", null, List.of());
    }

    String payloadB64 = payload.textValue();
    List<String> failures = new ArrayList<>();
    Checked passed = null;
    String firstSubject = null;
    for (int i = 0; i < signatures.size() && passed == null; i++) {
      Checked checked = checkSignature(signatures.get(i), payloadB64, at);
      if (firstSubject == null) {
        firstSubject = checked.subject();
      }
      if (checked.failure() == null) {
        passed = checked;
      } else {
        failures.add(checked.failure());
        if (signatures.size() == 1) {
          return VerificationResult.invalid(checked.failure(), checked.subject(), checked.notes());
        }
      }
    }
    if (passed == null) {
      StringBuilder reason = new StringBuilder("no signature is valid:");
      for (int i = 0; i < failures.size(); i++) {
        reason.append(i == 0 ? " " : "; ").append('[').append(i + 1).append("] ");
        reason.append(failures.get(i));
      }
      return VerificationResult.invalid(reason.toString(), firstSubject, List.of());
    }

    List<String> notes = new ArrayList<>(passed.notes());
    for (int i = 0; i < failures.size(); i++) {
      notes.add("signature " + (i + 1) + " is not valid: " + failures.get(i));
    }
    JsonNode vcon;
    try {
      vcon = Jose.readDocument(Jose.fromBase64Url(payloadB64, "payload"), "payload");
    } catch (Malformed e) {
      return VerificationResult.invalid(
          "malformed JWS: " + e.getMessage(), passed.subject(), notes);
    }
    String vconUuid = Jose.findUuid(vcon);
    if (passed.headerUuid() != null && vconUuid != null && !passed.headerUuid().equals(vconUuid)) {
      return VerificationResult.invalid(
          "uuid in the signature header ("
              + Jose.printable(passed.headerUuid())
              + ") does not match the signed vCon's uuid ("
              + Jose.printable(vconUuid)
              + ")",
          passed.subject(),
          notes);
    }
    String reason =
        "valid: signed by "
            + passed.signerName()
            + ", trusted through "
            + ChainValidator.name(passed.anchor());
    return new VerificationResult(true, reason, passed.subject(), vcon, notes);
  }

  /** One signature's verdict; {@code failure} null when it passed. */
  private record Checked(
      String failure,
      String subject,
      String signerName,
      X509Certificate anchor,
      String headerUuid,
      List<String> notes) {
    static Checked fail(String failure, String subject, List<String> notes) {
      return new Checked(failure, subject, null, null, null, notes);
    }
  }

  private Checked checkSignature(JsonNode signature, String payloadB64, Instant at) {
    List<String> notes = new ArrayList<>();
    ObjectNode protectedHeader;
    ObjectNode header;
    String protectedB64;
    String alg;
    byte[] signatureBytes;
    try {
      if (!signature.isObject()) {
        throw new Malformed("a \"signatures\" entry is not a JSON object");
      }
      protectedB64 = Jose.optionalText(signature, "protected", "signature member");
      protectedHeader = Jose.protectedHeader(protectedB64, "protected header");
      header = Jose.optionalObject(signature, "header", "signature member");
      ObjectNode merged = Jose.merge(protectedHeader, header);
      alg = Jose.optionalText(merged, "alg", "header parameter");
      if (alg == null) {
        throw new Malformed("no \"alg\" header parameter");
      }
      signatureBytes =
          Jose.fromBase64Url(
              Jose.requiredText(signature, "signature", "signature member"), "signature");
    } catch (Malformed e) {
      return Checked.fail("malformed JWS: " + e.getMessage(), null, notes);
    }

    JwsAlgorithm algorithm = JwsAlgorithm.named(alg).orElse(null);
    if (algorithm == null) {
      return Checked.fail("unsupported alg " + Jose.printable(alg), null, notes);
    }
    if (protectedHeader.has("crit")) {
      return Checked.fail(
          "unsupported critical header parameter(s): " + protectedHeader.get("crit"), null, notes);
    }

    JsonNode x5c = protectedHeader.get("x5c");
    if (x5c == null && header.has("x5c")) {
      x5c = header.get("x5c");
      notes.add("x5c is only in the unprotected header; the chain was still validated");
    }
    if (x5c == null) {
      if (protectedHeader.has("x5u") || header.has("x5u")) {
        return Checked.fail("x5u not supported without a fetch policy", null, notes);
      }
      return Checked.fail("no x5c in header", null, notes);
    }
    List<X509Certificate> chain;
    try {
      chain = parseX5c(x5c);
    } catch (Malformed e) {
      return Checked.fail("malformed JWS: " + e.getMessage(), null, notes);
    }
    X509Certificate leaf = chain.get(0);
    String subject = io.conserver.vcon.crypto.internal.ChainValidator.name(leaf);

    String keyProblem = keyFits(algorithm, leaf.getPublicKey());
    if (keyProblem != null) {
      return Checked.fail(keyProblem, subject, notes);
    }
    byte[] signingInput = Jose.ascii((protectedB64 == null ? "" : protectedB64) + "." + payloadB64);
    if (!algorithm.verify(leaf.getPublicKey(), signingInput, signatureBytes)) {
      return Checked.fail("signature does not match", subject, notes);
    }

    ChainValidator.Outcome outcome = ChainValidator.validate(chain, anchors, at);
    if (!outcome.trusted()) {
      return Checked.fail(outcome.failure(), subject, notes);
    }
    JsonNode uuid = protectedHeader.has("uuid") ? protectedHeader.get("uuid") : header.get("uuid");
    String headerUuid = uuid != null && uuid.isTextual() ? uuid.textValue() : null;
    return new Checked(
        null, subject, ChainValidator.name(leaf), outcome.anchor(), headerUuid, notes);
  }

  private static List<X509Certificate> parseX5c(JsonNode x5c) throws Malformed {
    if (!x5c.isArray() || x5c.isEmpty()) {
      throw new Malformed("x5c is not a non-empty array");
    }
    if (x5c.size() > MAX_CHAIN) {
      throw new Malformed("x5c has more than " + MAX_CHAIN + " certificates");
    }
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
    }
    List<X509Certificate> chain = new ArrayList<>();
    for (int i = 0; i < x5c.size(); i++) {
      JsonNode entry = x5c.get(i);
      if (!entry.isTextual()) {
        throw new Malformed("x5c[" + i + "] is not a string");
      }
      try {
        byte[] der = Base64.getDecoder().decode(entry.textValue());
        chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
        throw new Malformed("x5c[" + i + "] is not a base64 DER X.509 certificate");
      }
    }
    return chain;
  }

  private static String keyFits(JwsAlgorithm algorithm, PublicKey key) {
    if (algorithm.isRsa()) {
      return key instanceof RSAPublicKey
          ? null
          : "alg "
              + algorithm
              + " does not fit the signer certificate's "
              + key.getAlgorithm()
              + " key";
    }
    if (!(key instanceof ECPublicKey ec)) {
      return "alg "
          + algorithm
          + " does not fit the signer certificate's "
          + key.getAlgorithm()
          + " key";
    }
    if (JwsAlgorithm.forCurve(ec.getParams()).orElse(null) != algorithm) {
      return "alg "
          + algorithm
          + " does not fit the signer certificate's EC key on curve "
          + JwsAlgorithm.curveName(ec.getParams());
    }
    return null;
  }
}
