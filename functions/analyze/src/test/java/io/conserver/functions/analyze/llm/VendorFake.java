package io.conserver.functions.analyze.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * An HTTP contract fake of one model vendor on loopback: it answers each request on the vendor's
 * documented path with the next queued answer (status + JSON body, in the vendor's documented
 * shape, written by each test from the reference cited there) and records what it received, so a
 * test asserts the path, the auth headers and the body an adapter sends.
 *
 * <p>What it proves: our requests follow the published request shapes and our handling follows the
 * published answers and error codes. What it does not: that a real model answers this way, or
 * (Bedrock) that AWS accepts our signature — the fake checks its form only.
 */
final class VendorFake implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  record Received(String method, String path, Map<String, List<String>> headers, JsonNode body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private record Answer(int status, String body, Map<String, String> headers) {}

  private final HttpServer server;
  private final Deque<Answer> answers = new ArrayDeque<>();
  final List<Received> received = new ArrayList<>();

  VendorFake() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  VendorFake answer(int status, String json) {
    return answer(status, json, Map.of());
  }

  VendorFake answer(int status, String json, Map<String, String> headers) {
    synchronized (answers) {
      answers.add(new Answer(status, json, headers));
    }
    return this;
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] in = exchange.getRequestBody().readAllBytes();
    synchronized (received) {
      received.add(
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              Map.copyOf(exchange.getRequestHeaders()),
              in.length == 0 ? null : JSON.readTree(in)));
    }
    Answer answer;
    synchronized (answers) {
      answer =
          answers.isEmpty()
              ? new Answer(500, "{\"error\":{\"message\":\"no answer queued\"}}", Map.of())
              : answers.poll();
    }
    byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    answer.headers().forEach(exchange.getResponseHeaders()::add);
    exchange.sendResponseHeaders(answer.status(), out.length);
    try (OutputStream body = exchange.getResponseBody()) {
      body.write(out);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
