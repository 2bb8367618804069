package io.conserver.platform.gcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.conserver.platform.gcp.FakeGcsObjects.PreconditionFailed;
import io.conserver.platform.gcp.FakeGcsObjects.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A loopback HTTP server that answers the Google Cloud Storage JSON API routes {@link GcsBlobStore}
 * makes the real client send, and nothing else: any other route or an unimplemented parameter (a
 * precondition other than {@code ifGenerationMatch}, a delimiter...) gets 501 and is counted in
 * {@link #unsupported()}, so a change in the client's behaviour fails a test instead of being
 * answered wrongly.
 *
 * <p>Routes: multipart and media uploads, resumable session start and chunk PUTs (308 with {@code
 * Range} until the commit chunk, non-final chunks persisted only in 256 KiB units as GCS does,
 * CRC32C of the whole object checked when the client sends {@code x-goog-hash}), object metadata
 * and media download (with {@code Range}), list with {@code prefix} and page tokens, delete. {@code
 * ifGenerationMatch} is checked atomically with the write (also at session start and at the
 * resumable commit). Errors carry GCS's JSON error body.
 *
 * <p>Public, and shipped in this module's test-jar, for the tests of the Cloud Functions package
 * ({@code functions/gcp}), which run the same client against it through the Functions Framework.
 */
public final class FakeGcsServer implements AutoCloseable {
  /** One request as the server saw it, for tests that assert on the wire. */
  record Recorded(
      String method,
      String path,
      Map<String, String> query,
      String contentRange,
      String authorization) {
    boolean isChunk() {
      return method.equals("PUT") && query.containsKey("upload_id");
    }
  }

  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
    // delayed ACK: ~40 ms per request, a minute for the contract's 1,050-object listing. Read once
    // by the JDK when its server configuration loads, so set before the first server starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final Set<String> UNSUPPORTED_PARAMETERS =
      Set.of(
          "ifGenerationNotMatch",
          "ifMetagenerationMatch",
          "ifMetagenerationNotMatch",
          "delimiter",
          "versions",
          "startOffset",
          "endOffset",
          "matchGlob",
          "includeTrailingDelimiter");

  private final String bucket;
  private final int pageSize;
  private final FakeGcsObjects objects = new FakeGcsObjects();
  private final FakeGcsUploads uploads;
  private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<String> unsupported = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger failNext = new AtomicInteger();
  private final ExecutorService executor = Executors.newFixedThreadPool(16);
  private final HttpServer server;

  private FakeGcsServer(String bucket, int pageSize) throws IOException {
    this.bucket = bucket;
    this.pageSize = pageSize;
    this.uploads = new FakeGcsUploads(bucket, objects, this::endpoint);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Starts on a free loopback port; {@code pageSize} caps list pages (GCS's default is 1000). */
  public static FakeGcsServer start(String bucket, int pageSize) throws IOException {
    return new FakeGcsServer(bucket, pageSize);
  }

  /** What to pass to {@code StorageOptions.Builder#setHost}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Recorded> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  void clearRequests() {
    requests.clear();
  }

  public List<String> unsupported() {
    synchronized (unsupported) {
      return List.copyOf(unsupported);
    }
  }

  /** The next request is answered with this status and a GCS error body, whatever it asks. */
  public void failNextRequest(int status) {
    failNext.set(status);
  }

  /** Resumable sessions started and never committed. */
  int openSessions() {
    return objects.openSessions();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        serve(exchange);
      } catch (RuntimeException e) {
        FakeGcsWire.error(exchange, 500, "backendError", "fake failed: " + e);
      }
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    Map<String, String> query = FakeGcsWire.query(exchange.getRequestURI().getRawQuery());
    requests.add(
        new Recorded(
            method,
            path,
            query,
            exchange.getRequestHeaders().getFirst("Content-Range"),
            exchange.getRequestHeaders().getFirst("Authorization")));
    byte[] body = body(exchange);
    int injected = failNext.getAndSet(0);
    if (injected != 0) {
      FakeGcsWire.error(exchange, injected, "backendError", "injected failure");
      return;
    }
    for (String name : query.keySet()) {
      if (UNSUPPORTED_PARAMETERS.contains(name)) {
        notImplemented(exchange, method + " " + path + " with " + name);
        return;
      }
    }
    route(exchange, method, path, query, body);
  }

  private void route(
      HttpExchange exchange, String method, String path, Map<String, String> query, byte[] body)
      throws IOException {
    String objectsPath = "/storage/v1/b/" + bucket + "/o";
    String uploadPath = "/upload" + objectsPath;
    if (path.startsWith("/download/")) {
      // Media downloads go to /download/storage/v1/...; the same object route answers them.
      path = path.substring("/download".length());
      if (!"media".equals(query.get("alt"))) {
        notImplemented(exchange, method + " /download" + path + " without alt=media");
        return;
      }
    }
    if (path.startsWith("/upload/storage/v1/b/") || path.startsWith("/storage/v1/b/")) {
      if (!path.startsWith(uploadPath) && !path.startsWith(objectsPath)) {
        FakeGcsWire.error(exchange, 404, "notFound", "The specified bucket does not exist.");
        return;
      }
    }
    String type = query.getOrDefault("uploadType", "");
    if (path.equals(uploadPath) && method.equals("POST") && type.equals("multipart")) {
      uploads.multipart(exchange, query, body);
    } else if (path.equals(uploadPath) && method.equals("POST") && type.equals("media")) {
      uploads.media(exchange, query, body);
    } else if (path.equals(uploadPath) && method.equals("POST") && type.equals("resumable")) {
      uploads.start(exchange, query, body);
    } else if (path.equals(uploadPath) && method.equals("PUT") && query.containsKey("upload_id")) {
      uploads.chunk(exchange, query.get("upload_id"), body);
    } else if (path.equals(objectsPath) && method.equals("GET")) {
      list(exchange, query);
    } else if (path.startsWith(objectsPath + "/") && method.equals("GET")) {
      String name = FakeGcsWire.decodePath(path.substring(objectsPath.length() + 1));
      get(exchange, name, query);
    } else if (path.startsWith(objectsPath + "/") && method.equals("DELETE")) {
      String name = FakeGcsWire.decodePath(path.substring(objectsPath.length() + 1));
      delete(exchange, name, query);
    } else {
      notImplemented(exchange, method + " " + path + "?" + query.keySet());
    }
  }

  private void get(HttpExchange exchange, String name, Map<String, String> query)
      throws IOException {
    StoredObject object = objects.get(name);
    if (object == null
        || query.containsKey("generation")
            && Long.parseLong(query.get("generation")) != object.generation()) {
      FakeGcsWire.error(exchange, 404, "notFound", "No such object: " + bucket + "/" + name);
      return;
    }
    if (!FakeGcsWire.preconditions(query).holdFor(object)) {
      FakeGcsWire.preconditionFailed(exchange);
      return;
    }
    if (!"media".equals(query.get("alt"))) {
      FakeGcsWire.json(exchange, 200, FakeGcsWire.resource(endpoint(), bucket, object));
      return;
    }
    media(exchange, object);
  }

  private void media(HttpExchange exchange, StoredObject object) throws IOException {
    byte[] data = object.data();
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", object.contentType());
    headers.set("x-goog-generation", Long.toString(object.generation()));
    headers.set("x-goog-metageneration", "1");
    headers.set("x-goog-storage-class", "STANDARD");
    headers.set("x-goog-stored-content-length", Integer.toString(data.length));
    headers.set("x-goog-stored-content-encoding", "identity");
    headers.set(
        "x-goog-hash", "crc32c=" + FakeGcsWire.crc32c(data) + ",md5=" + FakeGcsWire.md5(data));
    int status = 200;
    int from = 0;
    int to = data.length - 1;
    String range = exchange.getRequestHeaders().getFirst("Range");
    if (range != null && range.startsWith("bytes=")) {
      String[] bounds = range.substring("bytes=".length()).split("-", -1);
      from = Integer.parseInt(bounds[0]);
      if (!bounds[1].isEmpty()) {
        to = Math.min(to, Integer.parseInt(bounds[1]));
      }
      if (from > 0 && from >= data.length) {
        FakeGcsWire.error(
            exchange,
            416,
            "requestedRangeNotSatisfiable",
            "The requested range cannot be satisfied.");
        return;
      }
      if (from > 0 || to < data.length - 1) {
        status = 206;
        headers.set("Content-Range", "bytes " + from + "-" + to + "/" + data.length);
      }
    }
    byte[] slice = Arrays.copyOfRange(data, from, Math.max(from, to + 1));
    FakeGcsWire.send(exchange, status, slice);
  }

  private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
    String prefix = query.getOrDefault("prefix", "");
    int limit = Math.min(pageSize, Integer.parseInt(query.getOrDefault("maxResults", "1000")));
    String token = query.get("pageToken");
    String after =
        token == null
            ? null
            : new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    List<StoredObject> page = objects.list(prefix, after, limit + 1);
    ObjectNode body = FakeGcsWire.JSON.createObjectNode();
    body.put("kind", "storage#objects");
    int shown = Math.min(limit, page.size());
    if (shown > 0) {
      var items = body.putArray("items");
      for (StoredObject object : page.subList(0, shown)) {
        items.add(FakeGcsWire.resource(endpoint(), bucket, object));
      }
    }
    if (page.size() > limit) {
      // The token is opaque to clients; here it is the last name shown.
      String last = page.get(limit - 1).name();
      body.put(
          "nextPageToken",
          Base64.getUrlEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
    }
    FakeGcsWire.json(exchange, 200, body);
  }

  private void delete(HttpExchange exchange, String name, Map<String, String> query)
      throws IOException {
    try {
      if (objects.delete(name, FakeGcsWire.preconditions(query))) {
        exchange.sendResponseHeaders(204, -1);
      } else {
        FakeGcsWire.error(exchange, 404, "notFound", "No such object: " + bucket + "/" + name);
      }
    } catch (PreconditionFailed e) {
      FakeGcsWire.preconditionFailed(exchange);
    }
  }

  private static byte[] body(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    byte[] raw = in.readAllBytes();
    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      try (InputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(raw))) {
        return gunzip.readAllBytes();
      }
    }
    return raw;
  }

  private void notImplemented(HttpExchange exchange, String what) throws IOException {
    unsupported.add(what);
    FakeGcsWire.error(exchange, 501, "notImplemented", "the fake does not implement " + what);
  }
}
