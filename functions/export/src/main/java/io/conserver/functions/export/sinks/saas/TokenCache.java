package io.conserver.functions.export.sinks.saas;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Access tokens by credential (token endpoint + client + subject/scope), kept until a minute before
 * they expire, or until the API refuses one (then that exact token is dropped).
 */
public final class TokenCache {
  static final Duration MARGIN = Duration.ofSeconds(60);

  private final ConcurrentMap<String, AccessToken> tokens = new ConcurrentHashMap<>();

  Optional<AccessToken> valid(String key, Instant now) {
    return Optional.ofNullable(tokens.get(key))
        .filter(t -> t.expiresAt().minus(MARGIN).isAfter(now));
  }

  void put(String key, AccessToken token) {
    tokens.put(key, token);
  }

  void invalidate(String key, AccessToken token) {
    tokens.remove(key, token);
  }
}
