package io.conserver.platform.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import io.conserver.platform.fetch.FetchException.Reason;
import io.conserver.platform.testing.LoopbackHttps;
import io.conserver.vcon.ContentHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard over real TLS (a JDK HTTPS server on loopback with a self-signed certificate that only
 * the test's TLS factory trusts): certificate and hostname checks, request credentials and where
 * they may go, statuses a caller must tell apart.
 */
class GuardedFetcherTlsTest {
  private static final byte[] MEDIA =
      "RIFF....WAVEfmt pretend audio".getBytes(StandardCharsets.UTF_8);

  @TempDir Path temp;
  private LoopbackHttps origin;
  private LoopbackHttps storage;
  private final Map<String, String> authSeen = new ConcurrentHashMap<>();

  @BeforeEach
  void start() {
    storage = LoopbackHttps.start().route("/object", x -> serve(x, "storage", 200, MEDIA));
    origin =
        LoopbackHttps.start()
            .route("/media", x -> serve(x, "origin", 200, MEDIA))
            .route("/same", x -> redirect(x, "/media"))
            .route("/elsewhere", x -> redirect(x, storage.base() + "/object"))
            .route(
                "/busy",
                x -> {
                  x.getResponseHeaders().add("Retry-After", "7");
                  serve(x, "origin", 429, new byte[0]);
                })
            .route("/gone", x -> serve(x, "origin", 404, new byte[0]));
  }

  @AfterEach
  void stop() {
    origin.close();
    storage.close();
  }

  private void serve(HttpExchange x, String who, int status, byte[] body) throws IOException {
    String auth = x.getRequestHeaders().getFirst("Authorization");
    authSeen.put(who, auth == null ? "(none)" : auth);
    x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  private static void redirect(HttpExchange x, String location) throws IOException {
    x.getResponseHeaders().add("Location", location);
    x.sendResponseHeaders(302, -1);
    x.close();
  }

  private GuardedFetcher fetcher() {
    FetchPolicy policy =
        FetchPolicy.defaults()
            .allowForTests("127.0.0.1:" + origin.port())
            .allowForTests("127.0.0.1:" + storage.port());
    return new GuardedFetcher(policy, InetAddress::getAllByName, temp, origin.clientTls());
  }

  @Test
  void download_overTls_sendsTheCredential_andHashesWhileStreaming() throws Exception {
    try (HashedFile file =
        fetcher().download(origin.base() + "/media", Map.of("Authorization", "Bearer t0ken"))) {
      assertThat(file.sha512()).isEqualTo(ContentHash.sha512(MEDIA));
      assertThat(file.size()).isEqualTo(MEDIA.length);
      try (InputStream in = file.open()) {
        assertThat(in.readAllBytes()).isEqualTo(MEDIA);
      }
    }
    assertThat(authSeen).containsEntry("origin", "Bearer t0ken");
    try (var left = Files.list(temp)) {
      assertThat(left).isEmpty(); // closing the file deleted it
    }
  }

  @Test
  void aRedirectWithinTheOrigin_keepsTheCredential_oneToAnotherOrigin_dropsIt() throws Exception {
    fetcher().download(origin.base() + "/same", Map.of("Authorization", "Basic abc")).close();
    assertThat(authSeen).containsEntry("origin", "Basic abc");

    try (HashedFile file =
        fetcher().download(origin.base() + "/elsewhere", Map.of("Authorization", "Basic abc"))) {
      assertThat(file.sha512()).isEqualTo(ContentHash.sha512(MEDIA));
    }
    assertThat(authSeen).containsEntry("storage", "(none)");
  }

  @Test
  void fetchWithAContentHash_overTls_verifiesTheBytes() throws Exception {
    try (VerifiedFile file =
        fetcher().fetch(origin.base() + "/media", List.of(ContentHash.sha512(MEDIA).toString()))) {
      assertThat(file.size()).isEqualTo(MEDIA.length);
    }
  }

  @Test
  void aCertificateTheRuntimeDoesNotTrust_isRefused() {
    GuardedFetcher withJdkTrust =
        new GuardedFetcher(
            origin.policy(),
            InetAddress::getAllByName,
            temp,
            (SSLSocketFactory) SSLSocketFactory.getDefault());

    assertThatThrownBy(() -> withJdkTrust.download(origin.base() + "/media", Map.of()))
        .isInstanceOfSatisfying(
            FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IO));
    assertThat(authSeen).isEmpty(); // no request was sent
  }

  @Test
  void aCertificateForAnotherName_isRefused() {
    // media.example.com "resolves" to the loopback server, whose certificate does not name it.
    GuardedFetcher rebound =
        new GuardedFetcher(
            origin.policy(),
            host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")},
            temp,
            origin.clientTls());

    assertThatThrownBy(
            () ->
                rebound.download(
                    "https://media.example.com:" + origin.port() + "/media",
                    Map.of("Authorization", "Bearer secret")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("media.example.com");
    assertThat(authSeen).isEmpty();
  }

  @Test
  void tooManyRequests_isRetryable_withRetryAfter_butNotFoundIsNot() {
    assertThatThrownBy(() -> fetcher().download(origin.base() + "/busy", Map.of()))
        .isInstanceOfSatisfying(
            FetchException.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.retryable()).isTrue();
              assertThat(e.retryAfter()).contains("7");
            });
    assertThatThrownBy(() -> fetcher().download(origin.base() + "/gone", Map.of()))
        .isInstanceOfSatisfying(
            FetchException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.retryable()).isFalse();
            });
  }

  @Test
  void aHeaderThatWouldSplitTheRequest_isRefusedBeforeConnecting() {
    assertThatThrownBy(
            () ->
                fetcher()
                    .download(origin.base() + "/media", Map.of("Authorization", "x\r\nHost: evil")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(authSeen).isEmpty();
  }
}
