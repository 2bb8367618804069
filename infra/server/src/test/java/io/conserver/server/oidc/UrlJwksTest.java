package io.conserver.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.conserver.platform.fetch.FetchPolicy;
import io.conserver.platform.fetch.GuardedFetcher;
import io.conserver.vcon.VconJson;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issuer's JWKS over real HTTP (a JDK HTTP server on loopback, which the guarded fetcher may
 * reach only because the test allow-lists it): cached, refetched for an unknown kid at most once
 * per interval, kept when the issuer is down, and refused by the default guard policy.
 */
class UrlJwksTest {
  @TempDir Path temp;
  private HttpServer server;
  private final AtomicReference<String> document = new AtomicReference<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicInteger requests = new AtomicInteger();
  private URI uri;

  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    private Instant now = Instant.parse("2026-11-26T12:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/jwks",
        exchange -> {
          requests.incrementAndGet();
          byte[] body = document.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status.get(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private GuardedFetcher testFetcher() {
    FetchPolicy policy =
        FetchPolicy.defaults()
            .allowForTests("127.0.0.1:" + server.getAddress().getPort())
            .allowPlainHttpForTests();
    return new GuardedFetcher(
        policy, InetAddress::getAllByName, temp, (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  private static RSAKey key(String kid) throws Exception {
    return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
  }

  @Test
  void keysAreCached_anUnknownKidRefetchesOnce_andRotationWorks() throws Exception {
    RSAKey first = key("k1");
    RSAKey second = key("k2");
    document.set(new JWKSet(first.toPublicJWK()).toString());
    TestClock clock = new TestClock();
    UrlJwks jwks =
        new UrlJwks(uri, testFetcher(), clock, Duration.ofMinutes(10), Duration.ofSeconds(30));

    assertThat(jwks.key("k1")).isPresent();
    assertThat(jwks.key("k1")).isPresent();
    assertThat(requests.get()).isEqualTo(1); // cached

    // The issuer rotates: k2 is published. The first token naming k2 triggers one refetch.
    document.set(
        new JWKSet(java.util.List.of(first.toPublicJWK(), second.toPublicJWK())).toString());
    clock.advance(Duration.ofSeconds(31));
    assertThat(jwks.key("k2")).isPresent();
    assertThat(requests.get()).isEqualTo(2);

    // Made-up kids cannot make the server hammer the issuer: one refetch per interval.
    clock.advance(Duration.ofSeconds(31));
    assertThat(jwks.key("nope-1")).isEmpty();
    assertThat(jwks.key("nope-2")).isEmpty();
    assertThat(jwks.key("nope-3")).isEmpty();
    assertThat(requests.get()).isEqualTo(3);

    // Past max age, the set is fetched again; an issuer outage keeps the keys known before.
    status.set(503);
    clock.advance(Duration.ofMinutes(11));
    assertThat(jwks.key("k1")).isPresent();
    assertThat(requests.get()).isEqualTo(4);
  }

  @Test
  void theDefaultGuard_refusesLoopback_andNoKeysMeansUnavailable() throws Exception {
    document.set(new JWKSet(key("k1").toPublicJWK()).toString());
    UrlJwks guarded =
        new UrlJwks(
            uri,
            new GuardedFetcher(FetchPolicy.defaults()),
            Clock.systemUTC(),
            Duration.ofMinutes(10),
            Duration.ofSeconds(30));
    assertThatThrownBy(() -> guarded.key("k1"))
        .isInstanceOf(JwksSource.JwksUnavailableException.class);
    assertThat(requests.get()).isZero(); // refused before any connection
  }

  @Test
  void settings_refuseAPlainHttpJwksUri_andAPathAsJwksFile() {
    JsonNode http =
        VconJson.codec()
            .read(
                "{\"issuer\":\"https://i\",\"audience\":\"a\",\"jwks_uri\":\"http://i/jwks\"}"
                    .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> OidcSettings.parse(http, temp)).hasMessageContaining("https");
    JsonNode path =
        VconJson.codec()
            .read(
                "{\"issuer\":\"https://i\",\"audience\":\"a\",\"jwks_file\":\"../keys/x\"}"
                    .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> OidcSettings.parse(path, temp)).hasMessageContaining("not a path");
    JsonNode both =
        VconJson.codec()
            .read(
                "{\"issuer\":\"https://i\",\"audience\":\"a\",\"jwks_file\":\"j\",\"jwks_uri\":\"https://i/j\"}"
                    .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> OidcSettings.parse(both, temp)).hasMessageContaining("exactly one");
  }
}
