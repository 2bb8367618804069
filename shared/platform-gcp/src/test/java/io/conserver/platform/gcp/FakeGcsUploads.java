package io.conserver.platform.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.conserver.platform.gcp.FakeGcsObjects.PreconditionFailed;
import io.conserver.platform.gcp.FakeGcsObjects.Preconditions;
import io.conserver.platform.gcp.FakeGcsObjects.Session;
import io.conserver.platform.gcp.FakeGcsObjects.StoredObject;
import io.conserver.platform.gcp.FakeGcsWire.Part;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The upload routes of {@link FakeGcsServer}: multipart and media (one request), and resumable
 * sessions (start, then chunk PUTs by {@code Content-Range} answered 308 until the chunk that
 * carries the total size commits the object).
 */
final class FakeGcsUploads {
  private static final int QUANTUM = 256 * 1024;

  private final String bucket;
  private final FakeGcsObjects objects;
  private final Supplier<String> endpoint;

  FakeGcsUploads(String bucket, FakeGcsObjects objects, Supplier<String> endpoint) {
    this.bucket = bucket;
    this.objects = objects;
    this.endpoint = endpoint;
  }

  void media(HttpExchange exchange, Map<String, String> query, byte[] body) throws IOException {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    commit(
        exchange, query.get("name"), body, contentType, Map.of(), FakeGcsWire.preconditions(query));
  }

  void multipart(HttpExchange exchange, Map<String, String> query, byte[] body) throws IOException {
    List<Part> parts =
        FakeGcsWire.multipart(body, exchange.getRequestHeaders().getFirst("Content-Type"));
    if (parts.size() != 2) {
      FakeGcsWire.error(
          exchange, 400, "invalid", "multipart upload needs metadata and media parts");
      return;
    }
    JsonNode resource = FakeGcsWire.JSON.readTree(parts.get(0).body());
    byte[] data = parts.get(1).body();
    // The client sends the hashes it computed; GCS refuses the upload when they do not match.
    if (resource.has("crc32c") && !resource.get("crc32c").asText().equals(FakeGcsWire.crc32c(data))
        || resource.has("md5Hash")
            && !resource.get("md5Hash").asText().equals(FakeGcsWire.md5(data))) {
      FakeGcsWire.error(exchange, 400, "invalid", "Provided checksum does not match the data.");
      return;
    }
    String name = query.getOrDefault("name", resource.path("name").asText());
    String contentType =
        resource.path("contentType").asText(parts.get(1).headers().get("content-type"));
    commit(
        exchange,
        name,
        data,
        contentType,
        FakeGcsWire.metadata(resource),
        FakeGcsWire.preconditions(query));
  }

  private void commit(
      HttpExchange exchange,
      String name,
      byte[] data,
      String contentType,
      Map<String, String> metadata,
      Preconditions preconditions)
      throws IOException {
    try {
      StoredObject object = objects.commit(name, data, contentType, metadata, preconditions);
      FakeGcsWire.json(exchange, 200, FakeGcsWire.resource(endpoint.get(), bucket, object));
    } catch (PreconditionFailed e) {
      FakeGcsWire.preconditionFailed(exchange);
    }
  }

  void start(HttpExchange exchange, Map<String, String> query, byte[] body) throws IOException {
    JsonNode resource =
        FakeGcsWire.JSON.readTree(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
    String name = query.getOrDefault("name", resource.path("name").asText());
    String contentType =
        resource
            .path("contentType")
            .asText(exchange.getRequestHeaders().getFirst("X-Upload-Content-Type"));
    Preconditions preconditions = FakeGcsWire.preconditions(query);
    try {
      objects.check(name, preconditions); // GCS refuses at start too, not only at the commit
    } catch (PreconditionFailed e) {
      FakeGcsWire.preconditionFailed(exchange);
      return;
    }
    String id =
        objects.open(new Session(name, contentType, FakeGcsWire.metadata(resource), preconditions));
    exchange
        .getResponseHeaders()
        .set(
            "Location",
            endpoint.get()
                + "/upload/storage/v1/b/"
                + bucket
                + "/o?uploadType=resumable&upload_id="
                + id);
    exchange.sendResponseHeaders(200, -1);
  }

  void chunk(HttpExchange exchange, String uploadId, byte[] body) throws IOException {
    Session session = objects.session(uploadId);
    if (session == null) {
      FakeGcsWire.error(exchange, 404, "notFound", "No such upload session.");
      return;
    }
    String range = exchange.getRequestHeaders().getFirst("Content-Range");
    if (range == null || !range.startsWith("bytes ")) {
      FakeGcsWire.error(exchange, 400, "invalid", "Content-Range missing or malformed: " + range);
      return;
    }
    String[] spec = range.substring("bytes ".length()).split("/");
    synchronized (session) {
      if (session.committed != null) {
        FakeGcsWire.json(
            exchange, 200, FakeGcsWire.resource(endpoint.get(), bucket, session.committed));
        return;
      }
      int persisted = session.data.size();
      if (!spec[0].equals("*")) {
        String[] bounds = spec[0].split("-");
        long first = Long.parseLong(bounds[0]);
        long last = Long.parseLong(bounds[1]);
        if (first > persisted || last - first + 1 != body.length) {
          FakeGcsWire.error(
              exchange,
              400,
              "invalid",
              "Content-Range " + range + " does not follow byte " + persisted);
          return;
        }
        int skip = (int) (persisted - first); // bytes the client re-sent after a rewind
        session.data.write(body, skip, body.length - skip);
      }
      if (spec[1].equals("*")) {
        // Not the last chunk: GCS persists whole 256 KiB units only and says how far it got.
        int keep = session.data.size() / QUANTUM * QUANTUM;
        byte[] all = session.data.toByteArray();
        session.data.reset();
        session.data.write(all, 0, keep);
        if (keep > 0) {
          exchange.getResponseHeaders().set("Range", "bytes=0-" + (keep - 1));
        }
        exchange.sendResponseHeaders(308, -1);
        return;
      }
      finish(exchange, session, Long.parseLong(spec[1]));
    }
  }

  private void finish(HttpExchange exchange, Session session, long total) throws IOException {
    byte[] data = session.data.toByteArray();
    if (data.length != total) {
      FakeGcsWire.error(
          exchange, 400, "invalid", "upload has " + data.length + " bytes, not " + total);
      return;
    }
    String hash = exchange.getRequestHeaders().getFirst("x-goog-hash");
    if (hash != null
        && hash.startsWith("crc32c=")
        && !hash.substring("crc32c=".length()).equals(FakeGcsWire.crc32c(data))) {
      FakeGcsWire.error(exchange, 400, "invalid", "Provided CRC32C does not match the data.");
      return;
    }
    try {
      session.committed =
          objects.commit(
              session.name, data, session.contentType, session.metadata, session.preconditions);
      FakeGcsWire.json(
          exchange, 200, FakeGcsWire.resource(endpoint.get(), bucket, session.committed));
    } catch (PreconditionFailed e) {
      FakeGcsWire.preconditionFailed(exchange);
    }
  }
}
