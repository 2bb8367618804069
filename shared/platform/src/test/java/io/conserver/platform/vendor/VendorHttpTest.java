package io.conserver.platform.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VendorHttpTest {
  /** A stage's own exception, as the stages declare theirs. */
  static final class CallFailed extends Exception {
    private static final long serialVersionUID = 1L;
    final transient VendorFailure failure;

    CallFailed(VendorFailure failure) {
      super(failure.description(), failure.cause());
      this.failure = failure;
    }
  }

  private HttpServer server;
  private VendorHttp<CallFailed> http;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/ok", x -> answer(x, 200, "{\"text\":\"hola\"}", Map.of()));
    server.createContext("/html", x -> answer(x, 200, "<html>proxy</html>", Map.of()));
    server.createContext(
        "/busy",
        x -> answer(x, 429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "7")));
    server.createContext("/key", x -> answer(x, 401, "{\"message\":\"bad key s3cr3t\"}", Map.of()));
    server.createContext(
        "/moved", x -> answer(x, 302, "", Map.of("Location", "https://elsewhere.example/")));
    server.start();
    http = new VendorHttp<>("demo", Duration.ofSeconds(5), List.of("s3cr3t"), CallFailed::new);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void answer(
      com.sun.net.httpserver.HttpExchange exchange,
      int status,
      String body,
      Map<String, String> headers)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    headers.forEach(exchange.getResponseHeaders()::add);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Test
  void aJsonAnswer_isReturnedParsed() throws CallFailed {
    assertThat(http.postJson(uri("/ok"), Map.of(), "{}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(VendorHttp.json().createObjectNode().put("text", "hola"));
  }

  @Test
  void aRateLimit_isRetryableAndSaysWhenToRetry() {
    assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(uri("/busy")).GET()))
        .isInstanceOfSatisfying(
            CallFailed.class,
            e -> {
              assertThat(e.failure.retryable()).isTrue();
              assertThat(e.failure.retryAfter()).contains("7");
              assertThat(e.getMessage()).contains("429", "retry after 7 s", "slow down");
            });
  }

  @Test
  void aRefusedCredential_isNotRetryable_andTheEchoedKeyIsScrubbed() {
    assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(uri("/key")).GET()))
        .isInstanceOfSatisfying(
            CallFailed.class,
            e -> {
              assertThat(e.failure.credentialRefused()).isTrue();
              assertThat(e.failure.retryable()).isFalse();
              assertThat(e.getMessage()).contains("[credential]").doesNotContain("s3cr3t");
            });
  }

  @Test
  void aRedirect_isNotFollowed() {
    assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(uri("/moved")).GET()))
        .isInstanceOfSatisfying(
            CallFailed.class,
            e -> {
              assertThat(e.failure.status()).isEqualTo(302);
              assertThat(e.failure.retryable()).isFalse();
            });
  }

  @Test
  void aNonJson2xx_andAnUnreachableVendor_areRetryable() {
    assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(uri("/html")).GET()))
        .isInstanceOfSatisfying(
            CallFailed.class, e -> assertThat(e.failure.retryable()).as(e.getMessage()).isTrue());
    server.stop(0);
    assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(uri("/ok")).GET()))
        .isInstanceOfSatisfying(
            CallFailed.class,
            e -> {
              assertThat(e.failure.status()).isZero();
              assertThat(e.failure.retryable()).isTrue();
              assertThat(e.getMessage()).contains("could not be reached");
            });
  }

  @Test
  void statusesMapToRetryableOrNot() {
    HttpHeaders none = HttpHeaders.of(Map.of(), (a, b) -> true);
    for (int status : List.of(400, 401, 403, 404, 413)) {
      assertThat(http.failure(status, none, "").failure.retryable()).as("%d", status).isFalse();
    }
    for (int status : List.of(408, 429, 500, 503, 529)) {
      assertThat(http.failure(status, none, "").failure.retryable()).as("%d", status).isTrue();
    }
  }

  @Test
  void theVendorsExplanation_isFoundInEachKnownErrorShape() {
    assertThat(VendorHttp.vendorMessage(bytes("{\"error\":{\"message\":\"m1\",\"type\":\"x\"}}")))
        .isEqualTo("m1");
    assertThat(VendorHttp.vendorMessage(bytes("{\"err_code\":\"X\",\"err_msg\":\"m2\"}")))
        .isEqualTo("m2");
    assertThat(VendorHttp.vendorMessage(bytes("{\"__type\":\"X\",\"Message\":\"m3\"}")))
        .isEqualTo("m3");
    assertThat(VendorHttp.vendorMessage(bytes("upstream   down"))).isEqualTo("upstream down");
    assertThat(VendorHttp.vendorMessage(bytes(""))).isEmpty();
    assertThat(VendorHttp.vendorMessage(bytes("\"" + "x".repeat(500) + "\""))).hasSize(301);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
