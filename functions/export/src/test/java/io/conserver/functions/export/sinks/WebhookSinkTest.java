package io.conserver.functions.export.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.conserver.functions.export.TestVcons;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook sink against a JDK HttpServer on loopback that verifies what a receiver would. */
class WebhookSinkTest {
  private static final byte[] SECRET = "whsec-test-only".getBytes(StandardCharsets.UTF_8);
  private static final ExportContext CONTEXT =
      new ExportContext("t1", "default", "export", Instant.parse("2026-11-26T10:00:00Z"));

  private HttpServer server;
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicInteger delayMs = new AtomicInteger(0);
  private final List<String> verified = new CopyOnWriteArrayList<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String timestamp = exchange.getRequestHeaders().getFirst("X-Conserver-Timestamp");
          String signature = exchange.getRequestHeaders().getFirst("X-Conserver-Signature");
          // What the README tells receivers to do: recompute, compare in constant time.
          String expected = WebhookSignature.sign(SECRET, timestamp, body);
          if (MessageDigest.isEqual(
              expected.getBytes(StandardCharsets.UTF_8),
              String.valueOf(signature).getBytes(StandardCharsets.UTF_8))) {
            verified.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            bodies.add(new String(body, StandardCharsets.UTF_8));
          }
          try {
            Thread.sleep(delayMs.get());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private WebhookSink sink() throws SinkRejectedException {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    return new WebhookSink(
        "zap",
        OutboundUrl.checkedAllowingLoopbackForTests(url),
        SECRET,
        Duration.ofSeconds(2)); // generous: a loaded CI machine is slow to answer the first call
  }

  @Test
  void delivers_aSignedBody_withTheIdempotencyKey() throws Exception {
    SinkReceipt receipt = sink().export(TestVcons.call(), CONTEXT);

    assertThat(verified).containsExactly(TestVcons.UUID + ":export");
    assertThat(receipt.targetIds()).containsExactly("127.0.0.1#" + TestVcons.UUID + ":export");
  }

  @Test
  void aServerError_aTooManyRequests_orATimeout_isTransient() throws Exception {
    WebhookSink sink = sink();
    status.set(503);
    assertThatThrownBy(() -> sink.export(TestVcons.call(), CONTEXT))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("503");
    status.set(429);
    assertThatThrownBy(() -> sink.export(TestVcons.call(), CONTEXT))
        .isInstanceOf(IOException.class);
    status.set(200);
    delayMs.set(4_000);
    assertThatThrownBy(() -> sink.export(TestVcons.call(), CONTEXT))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("timed out");
  }

  @Test
  void delete_sendsASignedVconDeletedEvent_withTheSameKeyOnEveryRetry() throws Exception {
    WebhookSink sink =
        new WebhookSink(
            "zap",
            OutboundUrl.checkedAllowingLoopbackForTests(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
            SECRET,
            Duration.ofSeconds(2),
            java.time.Clock.fixed(Instant.parse("2026-11-26T11:00:00Z"), java.time.ZoneOffset.UTC));
    status.set(503);
    assertThatThrownBy(() -> sink.delete(TestVcons.UUID))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("503");
    status.set(200);
    sink.delete(TestVcons.UUID);

    assertThat(verified).containsExactly(TestVcons.UUID + ":deleted", TestVcons.UUID + ":deleted");
    assertThat(bodies.get(1))
        .isEqualTo(
            "{\"event\":\"vcon.deleted\",\"uuid\":\""
                + TestVcons.UUID
                + "\",\"deleted_at\":\"2026-11-26T11:00:00Z\"}");
    status.set(410);
    assertThatThrownBy(() -> sink.delete(TestVcons.UUID))
        .isInstanceOf(SinkRejectedException.class)
        .hasMessage("webhook zap refused the vcon.deleted event with 410");
  }

  @Test
  void aClientError_isARejection() throws Exception {
    status.set(400);
    assertThatThrownBy(() -> sink().export(TestVcons.call(), CONTEXT))
        .isInstanceOf(SinkRejectedException.class)
        .hasMessageContaining("400");
  }

  @Test
  void theSignature_isHmacSha256OfTimestampDotBody() {
    assertThat(
            WebhookSignature.sign(
                "key".getBytes(StandardCharsets.UTF_8),
                "1764151200",
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("sha256=" + hmacOf("key", "1764151200.{\"a\":1}"));
  }

  private static String hmacOf(String key, String data) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return java.util.HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void urls_mustBeHttpsPublicHostNames_untilTheSharedGuardLands() throws Exception {
    assertThat(OutboundUrl.checked("https://hooks.zapier.com/hooks/catch/1/abc").getHost())
        .isEqualTo("hooks.zapier.com");
    for (String bad :
        List.of(
            "http://hooks.example.com/x",
            "https://127.0.0.1/x",
            "https://10.0.0.8/x",
            "https://[::1]/x",
            "https://localhost/x",
            "https://metadata/x",
            "https://user:pw@hooks.example.com/x",
            "ftp://hooks.example.com/x")) {
      assertThatThrownBy(() -> OutboundUrl.checked(bad))
          .as(bad)
          .isInstanceOf(SinkRejectedException.class);
    }
    // The loopback override is for tests only, and only for 127.0.0.1.
    assertThatThrownBy(() -> OutboundUrl.checked("http://127.0.0.1:8080/hook"))
        .isInstanceOf(SinkRejectedException.class);
  }
}
