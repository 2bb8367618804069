package io.conserver.vcon.crypto.internal;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Optional;

/**
 * The JWS algorithms a signed vCon may use (RFC 7518 section 3), verified with the JDK alone, so
 * that code that only verifies (ingest in the light cloud packages) needs no JOSE library.
 */
public enum JwsAlgorithm {
  RS256("SHA256withRSA", null, 0),
  RS384("SHA384withRSA", null, 0),
  RS512("SHA512withRSA", null, 0),
  PS256("RSASSA-PSS", "SHA-256", 0),
  PS384("RSASSA-PSS", "SHA-384", 0),
  PS512("RSASSA-PSS", "SHA-512", 0),
  ES256("SHA256withECDSAinP1363Format", null, 32),
  ES384("SHA384withECDSAinP1363Format", null, 48),
  ES512("SHA512withECDSAinP1363Format", null, 66);

  private final String jdkName;
  private final String pssDigest;
  private final int ecCoordinateBytes;

  JwsAlgorithm(String jdkName, String pssDigest, int ecCoordinateBytes) {
    this.jdkName = jdkName;
    this.pssDigest = pssDigest;
    this.ecCoordinateBytes = ecCoordinateBytes;
  }

  public static Optional<JwsAlgorithm> named(String alg) {
    for (JwsAlgorithm a : values()) {
      if (a.name().equals(alg)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  public boolean isRsa() {
    return ecCoordinateBytes == 0;
  }

  /** The ES algorithm of a key's curve (P-256, P-384, P-521), empty for any other curve. */
  public static Optional<JwsAlgorithm> forCurve(ECParameterSpec params) {
    for (JwsAlgorithm a : new JwsAlgorithm[] {ES256, ES384, ES512}) {
      ECParameterSpec named = a.curve();
      if (named.getCurve().equals(params.getCurve())
          && named.getGenerator().equals(params.getGenerator())
          && named.getOrder().equals(params.getOrder())) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The curve name as JOSE writes it, for messages. */
  public static String curveName(ECParameterSpec params) {
    return forCurve(params)
        .map(a -> a == ES256 ? "P-256" : a == ES384 ? "P-384" : "P-521")
        .orElse("(unknown)");
  }

  private ECParameterSpec curve() {
    String name = this == ES256 ? "secp256r1" : this == ES384 ? "secp384r1" : "secp521r1";
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(name));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks the NIST curve " + name, e);
    }
  }

  /**
   * Whether {@code signature} is this algorithm's signature of {@code signingInput} by {@code key}.
   * A key of the wrong type, or a signature of the wrong length, does not verify.
   */
  public boolean verify(PublicKey key, byte[] signingInput, byte[] signature) {
    if (isRsa() ? !(key instanceof RSAPublicKey) : !(key instanceof ECPublicKey)) {
      return false;
    }
    if (!isRsa() && signature.length != 2 * ecCoordinateBytes) {
      return false; // JWS ECDSA signatures are R || S, each exactly the coordinate length
    }
    try {
      Signature verifier = Signature.getInstance(jdkName);
      if (pssDigest != null) {
        int saltBytes = Integer.parseInt(pssDigest.substring(4)) / 8;
        verifier.setParameter(
            new PSSParameterSpec(
                pssDigest, "MGF1", new MGF1ParameterSpec(pssDigest), saltBytes, 1));
      }
      verifier.initVerify(key);
      verifier.update(signingInput);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
