package io.conserver.vcon.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.Base64URL;
import io.conserver.vcon.VconForm;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.crypto.internal.ChainValidator;
import io.conserver.vcon.crypto.internal.Jose;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Signs vCons into the signed form: JWS General JSON serialization with one signature.
 *
 * <p>The payload is the base64url of the compact JSON written by {@link VconJson#write}. The
 * protected header holds {@code alg} and the {@code x5c} chain (leaf first); the unprotected {@code
 * header} holds the vCon's {@code uuid}, as the WG example does. Header parameters are kept
 * disjoint, as RFC 7515 requires (the WG example repeats {@code alg} and {@code x5c} in both).
 *
 * <p>The algorithm follows the key: RS256 for RSA (at least 2048 bits), ES256/ES384/ES512 for EC
 * keys on P-256/P-384/P-521. The key must belong to the leaf certificate; intermediates may follow
 * it. Immutable and thread-safe.
 */
public final class VconSigner {
  private static final byte[] KEY_CHECK = Jose.ascii("conserver vCon signing key check");

  private final JWSAlgorithm algorithm;
  private final JWSSigner signer;
  private final List<X509Certificate> chain;
  private final ArrayNode x5c;

  private VconSigner(JWSAlgorithm algorithm, JWSSigner signer, List<X509Certificate> chain) {
    this.algorithm = algorithm;
    this.signer = signer;
    this.chain = chain;
    this.x5c = Jose.array();
    for (X509Certificate cert : chain) {
      try {
        x5c.add(Base64.getEncoder().encodeToString(cert.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new VconCryptoException(
            "certificate " + ChainValidator.name(cert) + " cannot be encoded", e);
      }
    }
  }

  /**
   * A signer for this key and certificate chain.
   *
   * @param key RSA or EC private key of the leaf certificate
   * @param chain leaf certificate first, then any intermediates (the root may be left out)
   * @throws VconCryptoException when the key type is unsupported, too weak, or does not belong to
   *     the leaf certificate
   */
  public static VconSigner of(PrivateKey key, List<X509Certificate> chain) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(chain, "chain");
    if (chain.isEmpty()) {
      throw new VconCryptoException("a signing certificate chain needs at least the leaf");
    }
    List<X509Certificate> certs = List.copyOf(chain);
    X509Certificate leaf = certs.get(0);
    JWSAlgorithm algorithm;
    JWSSigner signer;
    try {
      if (key instanceof RSAPrivateKey rsa) {
        int bits = rsa.getModulus().bitLength();
        if (bits < 2048) {
          throw new VconCryptoException(
              "RSA signing key is too short: " + bits + " bits (2048 at least)");
        }
        algorithm = JWSAlgorithm.RS256;
        signer = new RSASSASigner(rsa);
      } else if (key instanceof ECPrivateKey ec) {
        Curve curve = Curve.forECParameterSpec(ec.getParams());
        algorithm = curve == null ? null : ecAlgorithm(curve);
        if (algorithm == null) {
          throw new VconCryptoException(
              "unsupported EC curve for signing (P-256, P-384 or P-521 only)");
        }
        signer = new ECDSASigner(ec);
      } else {
        throw new VconCryptoException(
            "unsupported signing key type " + key.getAlgorithm() + " (RSA or EC only)");
      }
      requireMatch(algorithm, signer, leaf);
    } catch (JOSEException e) {
      throw new VconCryptoException("the signing key cannot be used: " + e.getMessage(), e);
    }
    return new VconSigner(algorithm, signer, certs);
  }

  /** The JWS {@code alg} this signer uses, e.g. "RS256". */
  public String algorithm() {
    return algorithm.getName();
  }

  public List<X509Certificate> chain() {
    return chain;
  }

  /**
   * Signs a vCon. Normally an unsigned vCon; a signed one may be signed again, as the draft's
   * long-term archiving does.
   *
   * @return the signed form: {@code {"payload": …, "signatures": [{…}]}}
   * @throws VconCryptoException for an encrypted vCon or a document that is not a JSON object
   */
  public ObjectNode sign(JsonNode vcon) {
    if (vcon == null || !vcon.isObject()) {
      throw new VconCryptoException("only a JSON object can be signed as a vCon");
    }
    if (VconForm.of(vcon) == VconForm.ENCRYPTED) {
      throw new VconCryptoException("an encrypted vCon cannot be signed; decrypt it first");
    }
    VconJson codec = VconJson.codec();
    String payload = Jose.base64Url(codec.write(vcon));
    ObjectNode protectedHeader = Jose.object();
    protectedHeader.put("alg", algorithm.getName());
    protectedHeader.set("x5c", x5c.deepCopy());
    String protectedB64 = Jose.base64Url(codec.write(protectedHeader));

    Base64URL signature;
    try {
      signature = signer.sign(new JWSHeader(algorithm), Jose.ascii(protectedB64 + "." + payload));
    } catch (JOSEException e) {
      throw new VconCryptoException("signing failed: " + e.getMessage(), e);
    }

    ObjectNode entry = Jose.object();
    entry.put("protected", protectedB64);
    String uuid = Jose.findUuid(vcon);
    if (uuid != null) {
      entry.set("header", Jose.object().put("uuid", uuid));
    }
    entry.put("signature", signature.toString());
    ObjectNode signed = Jose.object();
    signed.put("payload", payload);
    signed.set("signatures", Jose.array().add(entry));
    return signed;
  }

  static JWSAlgorithm ecAlgorithm(Curve curve) {
    if (Curve.P_256.equals(curve)) {
      return JWSAlgorithm.ES256;
    }
    if (Curve.P_384.equals(curve)) {
      return JWSAlgorithm.ES384;
    }
    if (Curve.P_521.equals(curve)) {
      return JWSAlgorithm.ES512;
    }
    return null;
  }

  private static void requireMatch(JWSAlgorithm algorithm, JWSSigner signer, X509Certificate leaf)
      throws JOSEException {
    PublicKey certKey = leaf.getPublicKey();
    JWSVerifier verifier;
    if (certKey instanceof RSAPublicKey rsa && JWSAlgorithm.Family.RSA.contains(algorithm)) {
      verifier = new RSASSAVerifier(rsa);
    } else if (certKey instanceof ECPublicKey ec && JWSAlgorithm.Family.EC.contains(algorithm)) {
      Curve curve = Curve.forECParameterSpec(ec.getParams());
      if (curve == null || !algorithm.equals(ecAlgorithm(curve))) {
        throw mismatch(leaf);
      }
      verifier = new ECDSAVerifier(ec);
    } else {
      throw mismatch(leaf);
    }
    JWSHeader header = new JWSHeader(algorithm);
    if (!verifier.verify(header, KEY_CHECK, signer.sign(header, KEY_CHECK))) {
      throw mismatch(leaf);
    }
  }

  private static VconCryptoException mismatch(X509Certificate leaf) {
    return new VconCryptoException(
        "the private key does not belong to the leaf certificate " + ChainValidator.name(leaf));
  }
}
