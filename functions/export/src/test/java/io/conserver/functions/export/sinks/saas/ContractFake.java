package io.conserver.functions.export.sinks.saas;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The plumbing both SaaS contract fakes share: a JDK HttpServer on loopback that records every
 * request, can be told to answer the next requests with canned failures (status, body,
 * Retry-After), verifies RS256 JWT assertions with the test public key, and hands out bearer tokens
 * it can later revoke. Each fake adds its API's own routes and error bodies.
 */
abstract class ContractFake implements AutoCloseable {
  record Request(String method, String path, Map<String, String> query, String auth, String body) {}

  record Canned(int status, String body, String retryAfter) {}

  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Deque<Canned> failures = new ArrayDeque<>();
  private final Map<String, Long> tokens = new LinkedHashMap<>(); // token -> expiry (epoch s)
  private final HttpServer server;
  final RSAPublicKey publicKey;
  final Clock clock;
  private int issued;

  ContractFake(RSAPublicKey publicKey, Clock clock) throws IOException {
    this.publicKey = publicKey;
    this.clock = clock;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::dispatch);
    server.start();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The next request (whatever it is) gets this answer instead. */
  synchronized void failNext(int status, String body, String retryAfter) {
    failures.add(new Canned(status, body, retryAfter));
  }

  synchronized void revokeAllTokens() {
    tokens.clear();
  }

  long count(String method, String pathPart) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().contains(pathPart))
        .count();
  }

  /** The route handlers; return the status, body and Retry-After to answer with. */
  abstract Canned handle(Request request) throws Exception;

  synchronized String issueToken(String prefix, long lifetimeSeconds) {
    String token = prefix + (++issued);
    tokens.put(token, clock.instant().getEpochSecond() + lifetimeSeconds);
    return token;
  }

  synchronized boolean authorized(Request request) {
    if (request.auth() == null || !request.auth().startsWith("Bearer ")) {
      return false;
    }
    Long expiry = tokens.get(request.auth().substring(7));
    return expiry != null && expiry > clock.instant().getEpochSecond();
  }

  /** The claims of an assertion signed by the test key; null when the signature is wrong. */
  JWTClaimsSet verifiedClaims(String assertion) {
    try {
      SignedJWT jwt = SignedJWT.parse(assertion);
      if (!"RS256".equals(jwt.getHeader().getAlgorithm().getName())
          || !jwt.verify(new RSASSAVerifier(publicKey))) {
        return null;
      }
      return jwt.getJWTClaimsSet();
    } catch (Exception e) {
      return null;
    }
  }

  static Map<String, String> form(String body) {
    Map<String, String> values = new LinkedHashMap<>();
    if (body == null || body.isEmpty()) {
      return values;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      values.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }

  static JsonNode json(String body) {
    return VconJson.codec().read(body);
  }

  static Canned answer(int status, String body) {
    return new Canned(status, body, null);
  }

  private void dispatch(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      Request request =
          new Request(
              exchange.getRequestMethod(),
              uri.getPath(),
              form(uri.getRawQuery()),
              exchange.getRequestHeaders().getFirst("Authorization"),
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      requests.add(request);
      Canned canned;
      synchronized (this) {
        canned = failures.poll();
      }
      if (canned == null) {
        try {
          canned = handle(request);
        } catch (Exception e) {
          canned = answer(500, "{\"fake\":\"" + e.getClass().getSimpleName() + "\"}");
        }
      }
      if (canned.retryAfter() != null) {
        exchange.getResponseHeaders().add("Retry-After", canned.retryAfter());
      }
      byte[] body =
          canned.body() == null ? new byte[0] : canned.body().getBytes(StandardCharsets.UTF_8);
      if (body.length > 0) {
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
      }
      exchange.sendResponseHeaders(canned.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
