package io.conserver.platform.gcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Google's OAuth token endpoint for a service-account key, on loopback: a key made here (a fresh
 * RSA key, JSON in the format the IAM console downloads) names this endpoint as its {@code
 * token_uri}, so the production credential code signs its JWT grant and exchanges it here for a
 * bearer token. The assertion is not verified (this is not Google); the endpoint answers {@code
 * POST /token} with a one-hour token and counts the requests, so a test can tell the key was used.
 */
public final class FakeGoogleToken implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  private FakeGoogleToken(HttpServer server) {
    this.server = server;
  }

  public static FakeGoogleToken start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    FakeGoogleToken fake = new FakeGoogleToken(server);
    server.createContext(
        "/token",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes(); // the JWT grant; read whole before answering
          }
          boolean post = "POST".equals(exchange.getRequestMethod());
          if (post) {
            fake.requests.incrementAndGet();
          }
          byte[] body =
              (post
                      ? "{\"access_token\":\"test-token\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"
                      : "{\"error\":\"invalid_request\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(post ? 200 : 400, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return fake;
  }

  /** Token requests answered so far. */
  public int requests() {
    return requests.get();
  }

  /** A service-account key of {@code project} whose {@code token_uri} is this endpoint. */
  public String serviceAccountKey(String project) {
    KeyPairGenerator generator;
    try {
      generator = KeyPairGenerator.getInstance("RSA");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    generator.initialize(2048);
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    ObjectNode key = JSON.createObjectNode();
    key.put("type", "service_account");
    key.put("project_id", project);
    key.put("private_key_id", "test-key-1");
    key.put("private_key", pem);
    key.put("client_email", project + "-writer@" + project + ".iam.gserviceaccount.com");
    key.put("client_id", "100000000000000000001");
    key.put("token_uri", "http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    return key.toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
