package io.conserver.server.oidc;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.Optional;

/** Where a tenant's issuer keys come from: a local file or a (guarded) https URL. */
public interface JwksSource {
  /**
   * The key with this id; without an id, the only key of the set. A source that may be stale (a
   * URL) refreshes itself when the id is unknown, so a rotated-in key works at once.
   *
   * @throws JwksUnavailableException when the keys cannot be read at all
   */
  Optional<JWK> key(String kid);

  /** The key by id from a set, or the set's only key when the token names none. */
  static Optional<JWK> find(JWKSet set, String kid) {
    if (kid == null) {
      return set.getKeys().size() == 1 ? Optional.of(set.getKeys().get(0)) : Optional.empty();
    }
    return Optional.ofNullable(set.getKeyByKeyId(kid));
  }

  /** The keys could not be read (a missing file, an unreachable or refused URL). */
  final class JwksUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JwksUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
