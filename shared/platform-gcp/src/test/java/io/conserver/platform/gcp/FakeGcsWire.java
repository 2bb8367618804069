package io.conserver.platform.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.conserver.platform.gcp.FakeGcsObjects.Preconditions;
import io.conserver.platform.gcp.FakeGcsObjects.StoredObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The JSON API's wire formats as {@link FakeGcsServer} needs them: resources, errors, encodings.
 */
final class FakeGcsWire {
  static final ObjectMapper JSON = new ObjectMapper();

  private FakeGcsWire() {}

  /** The object resource, shaped like GCS's (numbers that are uint64 in the API are strings). */
  static ObjectNode resource(String endpoint, String bucket, StoredObject object) {
    String escaped = URLEncoder.encode(object.name(), StandardCharsets.UTF_8).replace("+", "%20");
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", "storage#object");
    node.put("id", bucket + "/" + object.name() + "/" + object.generation());
    node.put("selfLink", endpoint + "/storage/v1/b/" + bucket + "/o/" + escaped);
    node.put(
        "mediaLink",
        endpoint
            + "/download/storage/v1/b/"
            + bucket
            + "/o/"
            + escaped
            + "?generation="
            + object.generation()
            + "&alt=media");
    node.put("name", object.name());
    node.put("bucket", bucket);
    node.put("generation", Long.toString(object.generation()));
    node.put("metageneration", "1");
    node.put("contentType", object.contentType());
    node.put("storageClass", "STANDARD");
    node.put("size", Integer.toString(object.data().length));
    node.put("md5Hash", md5(object.data()));
    node.put("crc32c", crc32c(object.data()));
    node.put(
        "etag",
        Base64.getEncoder()
            .encodeToString(Long.toString(object.generation()).getBytes(StandardCharsets.UTF_8)));
    String time = object.updated().toString();
    node.put("timeCreated", time);
    node.put("updated", time);
    node.put("timeStorageClassUpdated", time);
    if (!object.metadata().isEmpty()) {
      ObjectNode metadata = node.putObject("metadata");
      object.metadata().forEach(metadata::put);
    }
    return node;
  }

  /**
   * An error body as GCS sends it: {"error":{"code","message","errors":[{domain,reason,message}]}}.
   */
  static byte[] errorBody(int code, String reason, String message) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", message);
    ObjectNode detail = error.putArray("errors").addObject();
    detail.put("domain", "global");
    detail.put("reason", reason);
    detail.put("message", message);
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** User metadata of an object resource sent by the client. */
  static Map<String, String> metadata(JsonNode resource) {
    Map<String, String> metadata = new HashMap<>();
    resource
        .path("metadata")
        .properties()
        .forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
    return metadata;
  }

  static String md5(byte[] data) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** CRC32C as GCS writes it: base64 of the big-endian 32-bit value. */
  static String crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return Base64.getEncoder()
        .encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /**
   * Decodes a path segment: %XX escapes as UTF-8; '+' stays a plus (it is a space only in forms).
   */
  static String decodePath(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  static Map<String, String> query(String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      query.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return query;
  }

  /** One part of a multipart/related body. */
  record Part(Map<String, String> headers, byte[] body) {}

  /** Splits a multipart/related body (RFC 2046) by its boundary, byte-exactly. */
  static List<Part> multipart(byte[] body, String contentType) {
    String boundary = null;
    for (String param : contentType.split(";")) {
      String p = param.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        boundary = p.substring("boundary=".length()).replace("\"", "");
      }
    }
    if (boundary == null) {
      throw new IllegalArgumentException("multipart body without boundary");
    }
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<Part> parts = new ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    while (at >= 0) {
      int start = at + delimiter.length;
      if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
        break; // closing delimiter
      }
      start += 2; // CRLF after the delimiter
      int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), start);
      if (next < 0) {
        throw new IllegalArgumentException("multipart body not closed");
      }
      parts.add(part(Arrays.copyOfRange(body, start, next)));
      at = next + 2;
    }
    return parts;
  }

  private static Part part(byte[] raw) {
    int split = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    Map<String, String> headers = new HashMap<>();
    String head = new String(raw, 0, Math.max(split, 0), StandardCharsets.ISO_8859_1);
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    return new Part(headers, Arrays.copyOfRange(raw, split + 4, raw.length));
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static Preconditions preconditions(Map<String, String> query) {
    String match = query.get("ifGenerationMatch");
    return new Preconditions(match == null ? null : Long.valueOf(match));
  }

  static void preconditionFailed(HttpExchange exchange) throws IOException {
    error(
        exchange,
        412,
        "conditionNotMet",
        "At least one of the pre-conditions you specified did not hold.");
  }

  static void error(HttpExchange exchange, int status, String reason, String message)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    send(exchange, status, errorBody(status, reason, message));
  }

  static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    send(exchange, status, JSON.writeValueAsBytes(body));
  }

  static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
