package io.conserver.server.oidc;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.conserver.platform.fetch.GuardedFetcher;
import io.conserver.platform.fetch.HashedFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Issuer keys from the issuer's {@code jwks_uri}, fetched only through the {@link GuardedFetcher}
 * (https, public addresses, size and time limits), cached for {@code maxAge}. A token naming an
 * unknown {@code kid} triggers one refetch (the issuer rotated its keys), at most once per {@code
 * minRefresh}, so tokens with made-up key ids cannot make the server hammer the issuer. When a
 * refresh fails, the keys fetched before stay in use.
 */
public final class UrlJwks implements JwksSource {
  static final Duration MAX_AGE = Duration.ofMinutes(10);
  static final Duration MIN_REFRESH = Duration.ofSeconds(30);

  private final URI uri;
  private final GuardedFetcher fetcher;
  private final Clock clock;
  private final Duration maxAge;
  private final Duration minRefresh;
  private JWKSet keys;
  private Instant fetchedAt = Instant.MIN;
  private Instant triedAt = Instant.MIN;
  private int fetches;

  public UrlJwks(URI uri, GuardedFetcher fetcher, Clock clock) {
    this(uri, fetcher, clock, MAX_AGE, MIN_REFRESH);
  }

  public UrlJwks(
      URI uri, GuardedFetcher fetcher, Clock clock, Duration maxAge, Duration minRefresh) {
    this.uri = uri;
    this.fetcher = fetcher;
    this.clock = clock;
    this.maxAge = maxAge;
    this.minRefresh = minRefresh;
  }

  @Override
  public synchronized Optional<JWK> key(String kid) {
    Instant now = clock.instant();
    boolean stale = now.isAfter(fetchedAt.plus(maxAge)) && !now.isBefore(triedAt.plus(minRefresh));
    if (keys == null || stale) {
      refresh(now, keys == null);
    }
    Optional<JWK> found = JwksSource.find(keys, kid);
    if (found.isEmpty() && kid != null && !now.isBefore(triedAt.plus(minRefresh))) {
      refresh(now, false);
      found = JwksSource.find(keys, kid);
    }
    return found;
  }

  /** How many times the keys were fetched (what the cache saves is visible to tests). */
  public synchronized int fetches() {
    return fetches;
  }

  private void refresh(Instant now, boolean mustSucceed) {
    triedAt = now;
    try (HashedFile file = fetcher.download(uri.toString(), Map.of("Accept", "application/json"));
        InputStream in = file.open()) {
      fetches++;
      keys = JWKSet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      fetchedAt = now;
    } catch (ParseException | IOException | RuntimeException e) {
      if (mustSucceed || keys == null) {
        throw new JwksUnavailableException("the issuer's JWKS could not be fetched", e);
      }
      // keep the keys fetched before: an issuer outage must not lock every caller out
    }
  }
}
