package io.conserver.server.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.conserver.local.config.LocalConfig;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an OIDC access token (a JWT) against one tenant's trust: signed with RS256 or ES256 only
 * (so {@code none}, HS256 with a public key used as the secret and any other algorithm are refused
 * before a key is even looked up), by a key of the tenant's JWKS whose type matches the algorithm,
 * issued by the tenant's issuer for the tenant's audience, within {@code exp}/{@code nbf} give or
 * take the configured skew. The {@code scope} claim (space-separated) or {@code scp} (a list or a
 * string) maps to Conserver's scopes; other scope values are ignored.
 */
public final class JwtVerifier {
  private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  private final OidcSettings settings;
  private final JwksSource keys;

  public JwtVerifier(OidcSettings settings, JwksSource keys) {
    this.settings = settings;
    this.keys = keys;
  }

  /** A verdict: valid with the subject and scopes, or invalid with a reason safe to show. */
  public record Result(boolean valid, String subject, Set<String> scopes, String reason) {
    public static Result invalid(String reason) {
      return new Result(false, null, Set.of(), reason);
    }
  }

  /** Whether the string has the shape of a JWT (three base64url parts), as an API key never has. */
  public static boolean looksLikeJwt(String token) {
    int first = token.indexOf('.');
    return token.startsWith("eyJ") && first > 0 && token.indexOf('.', first + 1) > first;
  }

  /** The token's {@code iss} claim, unverified: only to tell "another tenant's token" apart. */
  public static Optional<String> unverifiedIssuer(String token) {
    try {
      return Optional.ofNullable(JWTParser.parse(token).getJWTClaimsSet().getIssuer());
    } catch (ParseException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public Result verify(String token, Instant now) {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      return Result.invalid("the bearer token is not a JWT");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      return Result.invalid(
          "the token is not a signed JWT (alg none and encrypted JWTs are refused)");
    }
    JWSAlgorithm alg = signed.getHeader().getAlgorithm();
    if (!ALLOWED.contains(alg)) {
      return Result.invalid("the token's algorithm " + alg + " is not accepted (RS256, ES256)");
    }
    Optional<JWK> key = keys.key(signed.getHeader().getKeyID());
    if (key.isEmpty()) {
      return Result.invalid("the token's signing key is not one of the issuer's keys");
    }
    Optional<JWSVerifier> verifier = verifierFor(alg, key.get());
    if (verifier.isEmpty()) {
      return Result.invalid("the issuer's key does not fit the token's algorithm");
    }
    try {
      if (!signed.verify(verifier.get())) {
        return Result.invalid("the token's signature does not verify");
      }
    } catch (JOSEException e) {
      return Result.invalid("the token's signature cannot be checked");
    }
    JWTClaimsSet claims;
    try {
      claims = signed.getJWTClaimsSet();
    } catch (ParseException e) {
      return Result.invalid("the token's claims are not JSON");
    }
    return checkClaims(claims, now);
  }

  private Result checkClaims(JWTClaimsSet claims, Instant now) {
    if (!settings.issuer().equals(claims.getIssuer())) {
      return Result.invalid("the token was issued by another issuer");
    }
    List<String> audience = claims.getAudience();
    if (audience == null || !audience.contains(settings.audience())) {
      return Result.invalid("the token is not meant for this audience");
    }
    Date expires = claims.getExpirationTime();
    if (expires == null) {
      return Result.invalid("the token has no expiry (exp)");
    }
    if (now.minus(settings.skew()).isAfter(expires.toInstant())) {
      return Result.invalid("the token has expired");
    }
    Date notBefore = claims.getNotBeforeTime();
    if (notBefore != null && now.plus(settings.skew()).isBefore(notBefore.toInstant())) {
      return Result.invalid("the token is not valid yet (nbf)");
    }
    return new Result(true, claims.getSubject(), scopes(claims), null);
  }

  static Set<String> scopes(JWTClaimsSet claims) {
    Set<String> granted = new LinkedHashSet<>();
    Object scope = claims.getClaim("scope");
    Object scp = claims.getClaim("scp");
    for (Object claim : new Object[] {scope, scp}) {
      if (claim instanceof String text) {
        for (String value : text.trim().split("\\s+")) {
          granted.add(value);
        }
      } else if (claim instanceof List<?> list) {
        list.forEach(value -> granted.add(String.valueOf(value)));
      }
    }
    granted.retainAll(LocalConfig.SCOPES); // the scopes an API key may carry too
    return Set.copyOf(granted);
  }

  private static Optional<JWSVerifier> verifierFor(JWSAlgorithm alg, JWK key) {
    if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
      return Optional.empty();
    }
    if (key.getAlgorithm() != null && !alg.equals(key.getAlgorithm())) {
      return Optional.empty();
    }
    try {
      if (JWSAlgorithm.RS256.equals(alg) && key instanceof RSAKey rsa) {
        return Optional.of(new RSASSAVerifier(rsa.toRSAPublicKey()));
      }
      if (JWSAlgorithm.ES256.equals(alg)
          && key instanceof ECKey ec
          && Curve.P_256.equals(ec.getCurve())) {
        return Optional.of(new ECDSAVerifier(ec.toECPublicKey()));
      }
    } catch (JOSEException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
