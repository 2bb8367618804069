package io.conserver.platform.aws;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
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
 *   <li><b>Retries.</b> Up to {@value SignedHttp#MAX_ATTEMPTS} attempts with jittered exponential
 *       backoff (longer after 503 SlowDown or 429) for network errors, 5xx and S3's retryable
 *       codes, only when the body can be sent again (in memory): a streamed body fails at once, and
 *       the caller's queue retries the whole, idempotent, step.
 * </ul>
 */
final class S3Connection {
  /** What one request is: the operation's S3 name (for messages), method, object and headers. */
  record Request(
      String operation,
      String method,
      String key,
      Map<String, String> query,
      Map<String, String> headers,
      SignedHttp.Body body) {
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

  private final S3Settings settings;
  private final String region;
  private final Supplier<AwsCredentials> credentials;
  private final SigV4Signer signer;
  private final SSLContext tlsContext;
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
    this.tlsContext = settings.caBundle() == null ? null : PemTrust.sslContext(settings.caBundle());
    this.tls = tlsContext == null ? null : tlsContext.getSocketFactory();
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
      SSLContext context = tlsContext != null ? tlsContext : SSLContext.getDefault();
      SSLEngine engine = context.createSSLEngine("warm-up.invalid", 443);
      engine.setUseClientMode(true);
      engine.beginHandshake();
      ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
      engine.wrap(ByteBuffer.allocate(0), hello);
      engine.closeOutbound();
      URI.create("https://warm-up.invalid/").toURL().openConnection(); // opens nothing yet
      AwsXml.leaves(new byte[0], Set.of());
    } catch (GeneralSecurityException | IOException e) {
      // Only a warm-up: the first real request meets and reports the same problem.
    }
  }

  /**
   * Sends a request to {@code bucket}, retrying what may be retried.
   *
   * @return the 2xx response, to be closed by the caller
   * @throws S3Failure the store's refusal, or the network's after the last attempt
   * @throws SignedHttp.SourceFailure the caller's body stream failed
   */
  SignedHttp.Response send(String bucket, Request request) {
    return SignedHttp.withRetries(request.body().replayable(), () -> once(bucket, request));
  }

  private SignedHttp.Response once(String bucket, Request request) {
    Target target = target(bucket, request.key());
    String query = SigV4Signer.canonicalQuery(request.query());
    Map<String, String> headers =
        signer.sign(
            request.method(),
            target.host(),
            target.path(),
            request.query(),
            request.headers(),
            request.body().sha256(),
            credentials.get(),
            Instant.now());
    observer.accept(
        new Sent(
            request.operation(),
            request.method(),
            target.host(),
            target.path(),
            request.query(),
            headers));

    String url = target.origin() + target.path() + (query.isEmpty() ? "" : "?" + query);
    return SignedHttp.exchange(
        request.operation(), url, request.method(), headers, request.body(), tls);
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
}
