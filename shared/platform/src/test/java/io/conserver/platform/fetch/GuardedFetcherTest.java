package io.conserver.platform.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.conserver.platform.fetch.FetchException.Reason;
import io.conserver.vcon.ContentHash;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocketFactory;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real HTTP servers on loopback, allow-listed explicitly; no test reaches any other address. */
class GuardedFetcherTest {
  private static final byte[] AUDIO =
      "RIFF....WAVEfmt not really audio".getBytes(StandardCharsets.UTF_8);
  private static final String HASH = ContentHash.sha512(AUDIO).toString();

  @TempDir Path temp;
  private HttpServer server;
  private String base;
  private final AtomicLong bytesServed = new AtomicLong();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r);
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/audio", x -> respond(x, 200, AUDIO, true));
    server.createContext("/chunked", x -> respond(x, 200, AUDIO, false));
    server.createContext("/missing", x -> respond(x, 404, new byte[0], true));
    server.createContext("/unavailable", x -> respond(x, 503, new byte[0], true));
    server.createContext("/to-audio", x -> redirect(x, "/audio"));
    server.createContext("/loop", x -> redirect(x, "/loop"));
    server.createContext("/to-private", x -> redirect(x, "http://10.0.0.1/audio"));
    server.createContext("/to-metadata", x -> redirect(x, "https://169.254.169.254/latest/"));
    server.createContext("/to-localhost", x -> redirect(x, "https://localhost:1/audio"));
    server.createContext("/huge", this::huge);
    server.createContext(
        "/bad-length",
        x -> {
          x.getResponseHeaders().add("Content-Length", "lots");
          x.sendResponseHeaders(200, 0);
          x.close();
        });
    server.createContext("/stall", x -> slow(x, 2_000, 1));
    server.createContext("/drip", x -> slow(x, 50, 100));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private FetchPolicy testPolicy() {
    return FetchPolicy.defaults()
        .allowForTests("127.0.0.1:" + server.getAddress().getPort())
        .allowPlainHttpForTests();
  }

  private GuardedFetcher fetcher(FetchPolicy policy) {
    return new GuardedFetcher(
        policy, InetAddress::getAllByName, temp, (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  @Test
  void fetchesVerifiedBytesFromAnAllowListedServer() throws Exception {
    for (String path : List.of("/audio", "/chunked", "/to-audio")) {
      try (VerifiedFile file = fetcher(testPolicy()).fetch(base + path, List.of(HASH))) {
        assertThat(Files.readAllBytes(file.path())).isEqualTo(AUDIO);
        assertThat(file.size()).isEqualTo(AUDIO.length);
      }
    }
    try (Stream<Path> left = Files.list(temp)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void refusesLoopbackThatIsNotAllowListed() {
    FetchPolicy noAllowList = FetchPolicy.defaults().allowPlainHttpForTests();
    expect(() -> fetcher(noAllowList).fetch(base + "/audio", List.of(HASH)), Reason.DENIED_ADDRESS)
        .hasMessageContaining("loopback");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://10.1.2.3/a.wav",
        "https://172.16.5.4/a.wav",
        "https://192.168.0.10/a.wav",
        "https://169.254.169.254/latest/meta-data/",
        "https://[fd00:ec2::254]/latest/",
        "https://[::ffff:10.0.0.1]/a.wav",
        "https://100.64.1.1/a.wav",
        "https://0.0.0.0/a.wav",
      })
  void refusesNonPublicAddressesWithoutConnecting(String url) {
    expect(() -> fetcher(FetchPolicy.defaults()).fetch(url, List.of(HASH)), Reason.DENIED_ADDRESS);
  }

  @Test
  void refusesPlainHttp() {
    expect(
        () -> fetcher(FetchPolicy.defaults()).fetch("http://93.184.216.34/a.wav", List.of(HASH)),
        Reason.DENIED_SCHEME);
    // Allow-listed but without the plain-http test flag: still https only.
    FetchPolicy allowListedOnly =
        FetchPolicy.defaults().allowForTests("127.0.0.1:" + server.getAddress().getPort());
    expect(
        () -> fetcher(allowListedOnly).fetch(base + "/audio", List.of(HASH)), Reason.DENIED_SCHEME);
    expect(
        () -> fetcher(FetchPolicy.defaults()).fetch("file:///etc/passwd", List.of(HASH)),
        Reason.DENIED_SCHEME);
  }

  @Test
  void refusesANameResolvingToLoopback() {
    expect(
        () -> fetcher(testPolicy()).fetch("https://localhost:1/a.wav", List.of(HASH)),
        Reason.DENIED_ADDRESS);
  }

  @Test
  void checksEveryResolvedAddress() {
    GuardedFetcher mixed =
        new GuardedFetcher(
            FetchPolicy.defaults(),
            host ->
                new InetAddress[] {
                  InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34}),
                  InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})
                },
            temp,
            (SSLSocketFactory) SSLSocketFactory.getDefault());
    expect(() -> mixed.fetch("https://media.example/a.wav", List.of(HASH)), Reason.DENIED_ADDRESS)
        .hasMessageContaining("media.example resolves to a loopback address");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/to-private", "/to-metadata", "/to-localhost"})
  void rechecksEveryRedirect(String path) {
    expect(() -> fetcher(testPolicy()).fetch(base + path, List.of(HASH)), Reason.DENIED_ADDRESS);
  }

  @Test
  void limitsRedirects() {
    expect(
        () -> fetcher(testPolicy()).fetch(base + "/loop", List.of(HASH)),
        Reason.TOO_MANY_REDIRECTS);
  }

  @Test
  void refusesOversizeBodiesAndStopsReadingAtTheLimit() {
    FetchPolicy small = testPolicy().withMaxBytes(1024 * 1024);
    expect(() -> fetcher(small).fetch(base + "/huge", List.of(HASH)), Reason.TOO_LARGE);
    // The server offered 64 MiB; the fetcher hung up after about 1 MiB (plus socket buffers).
    assertThat(bytesServed.get()).isLessThan(16L * 1024 * 1024);
    expect(
            () -> fetcher(testPolicy().withMaxBytes(4)).fetch(base + "/audio", List.of(HASH)),
            Reason.TOO_LARGE)
        .hasMessageContaining("Content-Length");
  }

  @Test
  void timesOutOnStalledAndDrippingBodies() {
    FetchPolicy quick =
        testPolicy()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(10));
    expect(() -> fetcher(quick).fetch(base + "/stall", List.of(HASH)), Reason.TIMEOUT);
    FetchPolicy shortTotal =
        testPolicy()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(500));
    long started = System.nanoTime();
    expect(() -> fetcher(shortTotal).fetch(base + "/drip", List.of(HASH)), Reason.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void refusesBytesThatDoNotMatchTheHash() throws IOException {
    String other = ContentHash.sha512(new byte[] {1, 2, 3}).toString();
    expect(() -> fetcher(testPolicy()).fetch(base + "/audio", List.of(other)), Reason.HASH_MISMATCH)
        .hasMessageContaining("do not match content_hash");
    try (Stream<Path> left = Files.list(temp)) {
      assertThat(left).as("the unverified download is deleted").isEmpty();
    }
  }

  @Test
  void malformedResponsesAreFetchErrors() {
    expect(() -> fetcher(testPolicy()).fetch(base + "/bad-length", List.of(HASH)), Reason.IO)
        .hasMessageContaining("malformed HTTP response");
  }

  @Test
  void needsAHashItCanCompute() {
    expect(() -> fetcher(testPolicy()).fetch(base + "/audio", List.of()), Reason.NO_HASH);
    expect(() -> fetcher(testPolicy()).fetch(base + "/audio", List.of("md5-abc")), Reason.NO_HASH);
  }

  @Test
  void reportsHttpErrorsWithRetryability() {
    FetchException missing =
        expectThrown(() -> fetcher(testPolicy()).fetch(base + "/missing", List.of(HASH)));
    assertThat(missing.reason()).isEqualTo(Reason.HTTP_STATUS);
    assertThat(missing.retryable()).isFalse();
    FetchException unavailable =
        expectThrown(() -> fetcher(testPolicy()).fetch(base + "/unavailable", List.of(HASH)));
    assertThat(unavailable.retryable()).isTrue();
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> expect(
      ThrowingCallable call, Reason reason) {
    return assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            FetchException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static FetchException expectThrown(ThrowingCallable call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(thrown).isInstanceOf(FetchException.class);
    return (FetchException) thrown;
  }

  private static void respond(HttpExchange x, int status, byte[] body, boolean withLength)
      throws IOException {
    x.sendResponseHeaders(status, withLength ? (body.length == 0 ? -1 : body.length) : 0);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  private static void redirect(HttpExchange x, String location) throws IOException {
    x.getResponseHeaders().add("Location", location);
    x.sendResponseHeaders(302, -1);
    x.close();
  }

  private void huge(HttpExchange x) throws IOException {
    x.sendResponseHeaders(200, 0); // chunked: no Content-Length to refuse early
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = x.getResponseBody()) {
      for (int i = 0; i < 1024; i++) {
        out.write(chunk);
        bytesServed.addAndGet(chunk.length);
      }
    } catch (IOException expected) {
      // the fetcher hung up at its limit
    }
  }

  private static void slow(HttpExchange x, long pauseMillis, int bytes) throws IOException {
    x.sendResponseHeaders(200, bytes);
    try (OutputStream out = x.getResponseBody()) {
      for (int i = 0; i < bytes; i++) {
        out.flush();
        Thread.sleep(pauseMillis);
        out.write('x');
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException expected) {
      // the fetcher gave up
    }
  }
}
