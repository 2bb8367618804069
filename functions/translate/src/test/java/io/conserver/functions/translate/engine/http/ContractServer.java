package io.conserver.functions.translate.engine.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A loopback HTTP server for the contract fakes of the cloud translation APIs (which cannot run
 * here). Each fake decides its answers from the recorded request; the server only carries bytes.
 */
public final class ContractServer implements AutoCloseable {
  /** One request as received. Header names are lower case. */
  public record Request(
      String method, String path, Map<String, List<String>> headers, byte[] bytes) {
    public String body() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** An answer: status, headers (Content-Type among them) and body. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    public Response(int status, String contentType, String body) {
      this(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    public static Response json(int status, String body) {
      return new Response(status, "application/json", body);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  public ContractServer(Function<Request, Response> fake) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Request request = read(exchange);
          requests.add(request);
          Response response = fake.apply(request);
          byte[] body = response.body();
          response.headers().forEach(exchange.getResponseHeaders()::set);
          exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
          if (body.length > 0) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
  }

  private static Request read(HttpExchange exchange) throws IOException {
    Map<String, List<String>> headers = new java.util.HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
    byte[] body = exchange.getRequestBody().readAllBytes();
    return new Request(
        exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers, body);
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
