package io.conserver.platform.aws;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Signed requests to one S3 or S3-compatible store over the JDK's own HTTP client (keep-alive,
 * TLS), without the AWS SDK: a stage function makes a handful of requests per event, and the SDK's
 * ~2,000 classes were about a third of a Lambda cold start (docs/BENCHMARKS.md).
 *
 * <ul>
 *   <li><b>Addressing.</b> AWS: virtual-hosted ({@code bucket.s3.REGION.amazonaws.com}) for
 *       DNS-safe names without dots, path-style otherwise (a dotted name breaks the wildcard
 *       certificate). A custom endpoint: path-style unless configured otherwise.
 *   <li><b>Signing.</b> SigV4 in the Authorization header ({@link SigV4Signer}); an in-memory body
 *       is signed with its SHA-256, which S3 verifies on receipt; a streamed one is sent as {@code
 *       UNSIGNED-PAYLOAD}, its integrity left to TLS.
 *   <li><b>Retries.</b> Up to {@value #MAX_ATTEMPTS} attempts with jittered exponential backoff
 *       (longer after 503 SlowDown or 429) for network errors, 5xx and S3's retryable codes, only
 *       when the body can be sent again (in memory): a streamed body fails at once, and the
 *       caller's queue retries the whole, idempotent, step.
 * </ul>
 */
final class S3Connection {
  static final int MAX_ATTEMPTS = 3;
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final int READ_TIMEOUT_MS = 60_000;
  private static final int MAX_ERROR_BODY = 64 * 1024;

  /** What one request is: the operation's S3 name (for messages), method, object and headers. */
  record Request(
      String operation,
      String method,
      String key,
      Map<String, String> query,
      Map<String, String> headers,
      Body body) {
    Request {
      Objects.requireNonNull(operation, "operation");
      query = Map.copyOf(query);
      headers = Map.copyOf(headers);
      Objects.requireNonNull(body, "body");
    }
  }

  /** A request as it went on the wire (signed), for tests that check what was sent. */
  record Sent(
      String operation,
      String method,
      String host,
      String path,
      Map<String, String> query,
      Map<String, String> headers) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** A request body: in memory (signed, replayable) or streamed once (unsigned). */
  abstract static class Body {
    static final Body NONE = bytes(new byte[0], 0);

    abstract long length();

    abstract String sha256();

    abstract boolean replayable();

    abstract void writeTo(OutputStream out) throws IOException;

    static Body bytes(byte[] array, int length) {
      return new Body() {
        private String hash;

        @Override
        long length() {
          return length;
        }

        @Override
        String sha256() {
          if (hash == null) {
            java.security.MessageDigest digest = SigV4Signer.sha256();
            digest.update(array, 0, length);
            hash = java.util.HexFormat.of().formatHex(digest.digest());
          }
          return hash;
        }

        @Override
        boolean replayable() {
          return true;
        }

        @Override
        void writeTo(OutputStream out) throws IOException {
          out.write(array, 0, length);
        }
      };
    }

    /** A caller's stream of exactly {@code length} bytes; its read errors are the caller's. */
    static Body stream(InputStream in, long length) {
      return new Body() {
        @Override
        long length() {
          return length;
        }

        @Override
        String sha256() {
          return SigV4Signer.UNSIGNED_PAYLOAD;
        }

        @Override
        boolean replayable() {
          return false;
        }

        @Override
        void writeTo(OutputStream out) throws IOException {
          byte[] buffer = new byte[64 * 1024];
          while (true) {
            int n;
            try {
              n = in.read(buffer);
            } catch (IOException e) {
              throw new SourceFailure(e);
            }
            if (n < 0) {
              return;
            }
            out.write(buffer, 0, n);
          }
        }
      };
    }
  }

  /** The caller's stream failed (or broke its declared length): not the store's fault, no retry. */
  static final class SourceFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SourceFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** A successful (2xx) answer; the caller closes it, which returns the connection for reuse. */
  static final class Response implements Closeable {
    private final int status;
    private final Map<String, String> headers;
    private final InputStream body;

    Response(int status, Map<String, String> headers, InputStream body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    int status() {
      return status;
    }

    /** A header's value (case-insensitive name), or null. */
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    Map<String, String> headers() {
      return headers;
    }

    InputStream body() {
      return body;
    }

    /** Reads the whole body (at most {@code limit} bytes) and closes it. */
    byte[] readAll(int limit) {
      try (InputStream in = body) {
        return in.readNBytes(limit);
      } catch (IOException e) {
        throw new S3Failure("reading the answer failed: " + e, e);
      }
    }

    /** Closes the body; after a 2xx answer nothing is lost if that fails. */
    @Override
    public void close() {
      try {
        body.close();
      } catch (IOException e) {
        // the connection is dropped rather than reused; the answer was already complete
      }
    }
  }

  private final S3Settings settings;
  private final String region;
  private final Supplier<AwsCredentials> credentials;
  private final SigV4Signer signer;
  private final SSLSocketFactory tls;
  private final Consumer<Sent> observer;

  S3Connection(S3Settings settings, Supplier<AwsCredentials> credentials) {
    this(settings, credentials, sent -> {});
  }

  /** For tests: {@code observer} sees every request as signed and sent. */
  S3Connection(S3Settings settings, Supplier<AwsCredentials> credentials, Consumer<Sent> observer) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.region = settings.region();
    if (region == null) {
      throw new IllegalArgumentException(
          "no region for S3: set AWS_REGION (Lambda sets it) or CONSERVER_S3_REGION");
    }
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.signer = new SigV4Signer(region, "s3");
    // Read once, now: a missing or broken bundle fails at start-up, not at the first request.
    this.tls =
        settings.caBundle() == null
            ? null
            : PemTrust.sslContext(settings.caBundle()).getSocketFactory();
    this.observer = observer;
  }

  /**
   * Loads the HTTPS client and the TLS handshake's code (trust managers, the ClientHello and its
   * key share) by producing a ClientHello into memory and dropping it: no connection, no
   * credentials, no session a snapshot would freeze (the JDK's default SecureRandom draws from
   * /dev/urandom, which SnapStart reseeds on restore). About a third of a cold start's first event
   * was this class loading.
   */
  void warmUp() {
    try {
      javax.net.ssl.SSLContext context =
          settings.caBundle() == null
              ? javax.net.ssl.SSLContext.getDefault()
              : PemTrust.sslContext(settings.caBundle());
      javax.net.ssl.SSLEngine engine = context.createSSLEngine("warm-up.invalid", 443);
      engine.setUseClientMode(true);
      engine.beginHandshake();
      java.nio.ByteBuffer hello =
          java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
      engine.wrap(java.nio.ByteBuffer.allocate(0), hello);
      engine.closeOutbound();
      URI.create("https://warm-up.invalid/").toURL().openConnection(); // opens nothing yet
      S3Xml.flat(new byte[0]);
    } catch (java.security.GeneralSecurityException | IOException e) {
      // Only a warm-up: the first real request meets and reports the same problem.
    }
  }

  /**
   * Sends a request to {@code bucket}, retrying what may be retried.
   *
   * @return the 2xx response, to be closed by the caller
   * @throws S3Failure the store's refusal, or the network's after the last attempt
   * @throws SourceFailure the caller's body stream failed
   */
  Response send(String bucket, Request request) {
    S3Failure failure = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (failure != null) {
        backoff(attempt, failure);
      }
      try {
        return once(bucket, request);
      } catch (S3Failure e) {
        failure = e;
        if (!retryable(e) || !request.body().replayable()) {
          throw e;
        }
      }
    }
    throw failure;
  }

  private Response once(String bucket, Request request) {
    Target target = target(bucket, request.key());
    String query = SigV4Signer.canonicalQuery(request.query());
    Map<String, String> headers = new LinkedHashMap<>();
    request.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
    Map<String, String> signed =
        signer.sign(
            request.method(),
            target.host(),
            target.path(),
            request.query(),
            headers,
            request.body().sha256(),
            credentials.get(),
            Instant.now());
    signed.forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
    observer.accept(
        new Sent(
            request.operation(),
            request.method(),
            target.host(),
            target.path(),
            request.query(),
            Map.copyOf(headers)));

    HttpURLConnection connection = null;
    try {
      URL url =
          URI.create(target.origin() + target.path() + (query.isEmpty() ? "" : "?" + query))
              .toURL();
      connection = (HttpURLConnection) url.openConnection();
      if (tls != null && connection instanceof HttpsURLConnection https) {
        https.setSSLSocketFactory(tls);
      }
      connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
      connection.setReadTimeout(READ_TIMEOUT_MS);
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      connection.setRequestMethod(request.method());
      headers.forEach(connection::setRequestProperty);
      boolean sendsBody = request.method().equals("PUT") || request.method().equals("POST");
      if (sendsBody) {
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(request.body().length());
        try (OutputStream out = connection.getOutputStream()) {
          request.body().writeTo(out);
        }
      }
      int status = connection.getResponseCode();
      Map<String, String> responseHeaders = headersOf(connection);
      if (status >= 200 && status < 300) {
        InputStream body =
            request.method().equals("HEAD")
                ? InputStream.nullInputStream()
                : connection.getInputStream();
        return new Response(status, responseHeaders, body);
      }
      throw refusal(status, responseHeaders, connection.getErrorStream());
    } catch (SourceFailure e) {
      // The request is incomplete: dropping the connection makes sure the store never sees it end.
      disconnect(connection);
      throw e;
    } catch (IOException e) {
      disconnect(connection);
      throw new S3Failure(request.operation() + " failed: " + e, e);
    }
  }

  /** Where a request goes: scheme and authority, the encoded path, and the Host it signs. */
  private record Target(String origin, String host, String path) {}

  private Target target(String bucket, String key) {
    String encodedKey = key == null ? "" : SigV4Signer.uriEncode(key, false);
    URI endpoint = settings.endpoint();
    String scheme = endpoint == null ? "https" : endpoint.getScheme();
    String baseHost;
    int port = -1;
    if (endpoint == null) {
      baseHost = "s3." + region + ".amazonaws.com";
    } else {
      baseHost = endpoint.getHost();
      port = endpoint.getPort();
    }
    boolean pathStyle = settings.pathStyle() || (endpoint == null && !virtualHostable(bucket));
    String host = pathStyle ? baseHost : bucket + "." + baseHost;
    String authority = port == -1 ? host : host + ":" + port;
    String path =
        pathStyle ? "/" + bucket + (key == null ? "" : "/" + encodedKey) : "/" + encodedKey;
    return new Target(scheme + "://" + authority, authority, path);
  }

  private static boolean virtualHostable(String bucket) {
    return bucket.matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
  }

  private static Map<String, String> headersOf(HttpURLConnection connection) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : connection.getHeaderFields().entrySet()) {
      if (e.getKey() != null && !e.getValue().isEmpty()) {
        headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().get(0));
      }
    }
    return headers;
  }

  private static S3Failure refusal(int status, Map<String, String> headers, InputStream errorBody)
      throws IOException {
    byte[] body = new byte[0];
    if (errorBody != null) {
      try (InputStream in = errorBody) {
        body = in.readNBytes(MAX_ERROR_BODY);
      }
    }
    S3Xml.Document error = S3Xml.flat(body);
    String requestId =
        error.field("RequestId") != null
            ? error.field("RequestId")
            : headers.get("x-amz-request-id");
    String message = error.field("Message") != null ? error.field("Message") : "HTTP " + status;
    return new S3Failure(status, error.field("Code"), message, requestId);
  }

  /** A failure S3 documents as transient: network, 5xx, throttling, or a request timeout. */
  static boolean retryable(S3Failure e) {
    int status = e.status();
    String code = e.code();
    return status < 0
        || status >= 500
        || status == 429
        || "RequestTimeout".equals(code)
        || "SlowDown".equals(code)
        || "InternalError".equals(code);
  }

  private static void backoff(int attempt, S3Failure previous) {
    boolean throttled = previous.status() == 503 || previous.status() == 429;
    long base = throttled ? 500 : 100;
    long ceiling = Math.min(5_000, base << (attempt - 1));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new S3Failure("interrupted while waiting to retry", e);
    }
  }

  private static void disconnect(HttpURLConnection connection) {
    if (connection != null) {
      connection.disconnect();
    }
  }
}
