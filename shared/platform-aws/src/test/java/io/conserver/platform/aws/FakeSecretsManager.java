package io.conserver.platform.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Secrets Manager's GetSecretValue over its published wire contract, since the service cannot run
 * here: POST / with {@code X-Amz-Target: secretsmanager.GetSecretValue}, {@code Content-Type:
 * application/x-amz-json-1.1}, a SigV4 {@code Authorization} header for the {@code secretsmanager}
 * service and a JSON body {@code {"SecretId": ...}}; the answer {@code {"ARN", "Name",
 * "SecretString", "VersionId", "VersionStages", "CreatedDate"}}, errors as status 400 with {@code
 * __type} (ResourceNotFoundException, AccessDeniedException).
 *
 * <p>Contract:
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html and
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonErrors.html
 */
final class FakeSecretsManager implements AutoCloseable {
  record Request(String target, String contentType, String authorization, String secretId) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  FakeSecretsManager() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void put(String arn, String secretString) {
    secrets.put(arn, secretString);
  }

  /** The caller's role may not read this secret (an IAM refusal). */
  void deny(String arn) {
    denied.add(arn);
  }

  void allow(String arn) {
    denied.remove(arn);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
      String secretId = body.path("SecretId").asText(null);
      requests.add(new Request(target, contentType, authorization, secretId));
      if (!"POST".equals(exchange.getRequestMethod())
          || !"/".equals(exchange.getRequestURI().getPath())
          || !"secretsmanager.GetSecretValue".equals(target)
          || !"application/x-amz-json-1.1".equals(contentType)
          || secretId == null) {
        answer(exchange, 400, error("InvalidParameterException", "unexpected request"));
      } else if (authorization == null
          || !authorization.startsWith("AWS4-HMAC-SHA256 ")
          || !authorization.contains("/secretsmanager/aws4_request")) {
        answer(exchange, 400, error("MissingAuthenticationTokenException", "not signed"));
      } else if (denied.contains(secretId)) {
        answer(
            exchange,
            400,
            error(
                "AccessDeniedException",
                "User is not authorized to perform: secretsmanager:GetSecretValue"));
      } else if (!secrets.containsKey(secretId)) {
        answer(
            exchange,
            400,
            error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
      } else {
        ObjectNode ok = JSON.createObjectNode();
        ok.put("ARN", secretId);
        ok.put("Name", secretId.substring(secretId.indexOf(":secret:") + 8));
        ok.put("SecretString", secrets.get(secretId));
        ok.put("VersionId", "EXAMPLE1-90ab-cdef-fedc-ba987SECRET1");
        ok.putArray("VersionStages").add("AWSCURRENT");
        ok.put("CreatedDate", 1.523477145713E9);
        answer(exchange, 200, ok);
      }
    }
  }

  private static ObjectNode error(String type, String message) {
    ObjectNode error = JSON.createObjectNode();
    error.put("__type", type);
    error.put("message", message);
    return error;
  }

  private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.getResponseHeaders().set("x-amzn-RequestId", "fake-request");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
