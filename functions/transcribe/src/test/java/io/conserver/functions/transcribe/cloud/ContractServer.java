package io.conserver.functions.transcribe.cloud;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The loopback HTTP server under each vendor's contract fake: it records every request (method,
 * path, query, headers, body) for the tests to assert, and lets a test make the next call fail the
 * way the vendor documents (429 with Retry-After, 5xx) before the fake's own routing runs.
 */
public final class ContractServer implements AutoCloseable {
  /** One request as the fake received it. */
  public record Received(String method, String path, String query, Headers headers, byte[] body) {
    public String header(String name) {
      return headers.getFirst(name);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** What the fake answers. */
  public record Answer(int status, Map<String, String> headers, byte[] body) {
    public static Answer json(int status, String json) {
      return new Answer(
          status,
          Map.of("Content-Type", "application/json"),
          json.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The vendor's routing: given a request, its answer. */
  public interface Routes {
    Answer answer(Received request) throws IOException;
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<Answer> injected = new ArrayDeque<>();

  public ContractServer(Routes routes) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            Received request = read(exchange);
            received.add(request);
            Answer answer;
            synchronized (injected) {
              answer = injected.poll();
            }
            if (answer == null) {
              answer = routes.answer(request);
            }
            write(exchange, answer);
          }
        });
    server.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public Received last() {
    return received.get(received.size() - 1);
  }

  /** The next request gets this answer instead of the fake's routing. */
  public void failNext(Answer answer) {
    synchronized (injected) {
      injected.add(answer);
    }
  }

  private static Received read(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      URI uri = exchange.getRequestURI();
      return new Received(
          exchange.getRequestMethod(),
          uri.getRawPath(),
          Optional.ofNullable(uri.getRawQuery()).orElse(""),
          exchange.getRequestHeaders(),
          in.readAllBytes());
    }
  }

  private static void write(HttpExchange exchange, Answer answer) throws IOException {
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.sendResponseHeaders(
        answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
    if (answer.body().length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
