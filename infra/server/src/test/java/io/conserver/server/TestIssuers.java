package io.conserver.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Two real OIDC issuers for the server tests: acme trusts an RS256 issuer, globex an ES256 one,
 * each through {@code DATA/<tenant>/oidc.json} and a JWKS file. The private keys reach the tests as
 * JWK JSON in system properties (the test resource and the tests may not share class loaders).
 */
final class TestIssuers {
  static final String ACME_ISSUER = "https://idp.acme.example";
  static final String ACME_AUDIENCE = "conserver-acme";
  static final String GLOBEX_ISSUER = "https://login.globex.example";
  static final String GLOBEX_AUDIENCE = "conserver-globex";
  private static final String ACME_JWK = "server-test.acme-jwk";
  private static final String GLOBEX_JWK = "server-test.globex-jwk";

  private TestIssuers() {}

  static void configure(Path data) {
    try {
      RSAKey acme = new RSAKeyGenerator(2048).keyID("acme-1").keyUse(KeyUse.SIGNATURE).generate();
      ECKey globex =
          new ECKeyGenerator(Curve.P_256).keyID("globex-1").keyUse(KeyUse.SIGNATURE).generate();
      write(data, "acme", ACME_ISSUER, ACME_AUDIENCE, acme);
      write(data, "globex", GLOBEX_ISSUER, GLOBEX_AUDIENCE, globex);
      System.setProperty(ACME_JWK, acme.toJSONString());
      System.setProperty(GLOBEX_JWK, globex.toJSONString());
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Makes the tenant trust this issuer, audience and (public) key, as an operator would. */
  static void write(Path data, String tenant, String issuer, String audience, JWK key) {
    Path folder = data.resolve(tenant);
    try {
      Files.createDirectories(folder);
      Files.writeString(
          folder.resolve("oidc-jwks.json"), new JWKSet(key.toPublicJWK()).toString(true));
      Files.writeString(
          folder.resolve("oidc.json"),
          "{\"issuer\": \""
              + issuer
              + "\", \"audience\": \""
              + audience
              + "\", \"jwks_file\": \"oidc-jwks.json\", \"clock_skew_seconds\": 30}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JWK acmeKey() {
    return parse(ACME_JWK);
  }

  static JWK globexKey() {
    return parse(GLOBEX_JWK);
  }

  private static JWK parse(String property) {
    try {
      return JWK.parse(System.getProperty(property));
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A valid token of acme's issuer, for one hour, with these scopes (space-separated). */
  static String acme(String scope) {
    return token(acmeKey(), claims(ACME_ISSUER, ACME_AUDIENCE, scope).build());
  }

  /** A valid token of globex's issuer with these scopes. */
  static String globex(String scope) {
    return token(globexKey(), claims(GLOBEX_ISSUER, GLOBEX_AUDIENCE, scope).build());
  }

  static JWTClaimsSet.Builder claims(String issuer, String audience, String scope) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(List.of(audience))
        .subject("user-42@example.com")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(3600)))
        .claim("scope", scope);
  }

  /** Signs the claims with the key (RS256 for RSA, ES256 for EC), naming its kid. */
  static String token(JWK key, JWTClaimsSet claims) {
    try {
      JWSAlgorithm alg = key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
      JWSSigner signer =
          key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
      SignedJWT jwt =
          new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
