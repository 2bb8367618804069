package io.conserver.platform.aws;

import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * An in-process s3proxy on 127.0.0.1 (a free port), with the in-memory "transient" backend, which
 * evaluates If-None-Match as it writes (no check-then-put). One server serves every test class of
 * the JVM; each test gets a fresh bucket. Requests are signed (SigV4) with test credentials, so
 * signing is exercised too.
 */
final class S3ProxyServer {
  static final String IDENTITY = "conserver-test-identity";
  static final String CREDENTIAL = "conserver-test-credential-do-not-leak";

  private static S3ProxyServer shared;

  private final S3Proxy proxy;
  private final URI endpoint;

  private S3ProxyServer(S3Proxy proxy, URI endpoint) {
    this.proxy = proxy;
    this.endpoint = endpoint;
  }

  /** The JVM-wide plain-HTTP server, started on first use and stopped when the JVM exits. */
  static synchronized S3ProxyServer shared() {
    if (shared == null) {
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(new TransientNio2BlobStore())
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL)
              .stopTimeout(0)
              .build();
      start(proxy);
      shared = new S3ProxyServer(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
    }
    return shared;
  }

  /** A TLS-only server presenting the key in {@code keyStore} (PKCS12); the caller stops it. */
  static S3ProxyServer tls(String keyStore, String password) {
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .secureEndpoint(URI.create("https://127.0.0.1:0"))
            .keyStore(keyStore, password)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL)
            .stopTimeout(0)
            .build();
    start(proxy);
    return new S3ProxyServer(proxy, URI.create("https://127.0.0.1:" + proxy.getSecurePort()));
  }

  private static void start(S3Proxy proxy) {
    try {
      proxy.start();
      long deadline = System.nanoTime() + 10_000_000_000L;
      // s3proxy's Jetty is shaded, so its life-cycle state is compared by name.
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
        }
        Thread.sleep(10);
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot start s3proxy", e);
    }
  }

  URI endpoint() {
    return endpoint;
  }

  /** Settings for this server: path-style, 5 MiB parts so 6 MiB streams really go multipart. */
  S3Settings settings() {
    return S3Settings.compatible(endpoint).withPartSize(S3Settings.MIN_PART_SIZE);
  }

  static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL));
  }

  /**
   * The production builder for these settings, with the test credentials and one change:
   * aws-chunked request bodies are off. s3proxy (4.1.0 and 4.1.1) stores an aws-chunked body after
   * reading its decoded length and answers without reading the final chunk and trailer; Jetty then
   * drops the connection while the client is still sending them, so a good share of writes fail
   * with "Error writing request body" and are retried (a conditional write retried that way reads
   * as "already exists"). Plain signed payloads avoid that; {@link #chunkedClientBuilder} keeps the
   * production format for the one test of it.
   */
  S3ClientBuilder clientBuilder(S3Settings settings) {
    return chunkedClientBuilder(settings)
        .serviceConfiguration(c -> c.chunkedEncodingEnabled(false));
  }

  /** Exactly the production builder, with the test credentials. */
  S3ClientBuilder chunkedClientBuilder(S3Settings settings) {
    return S3ClientFactory.builder(settings, credentials());
  }

  S3Client client() {
    return clientBuilder(settings()).build();
  }

  static AwsCredentials signingCredentials() {
    return new AwsCredentials(IDENTITY, CREDENTIAL, java.util.Optional.empty());
  }

  /** The production store's connection to this server, showing {@code observer} what it sends. */
  S3Connection connection(
      S3Settings settings, java.util.function.Consumer<S3Connection.Sent> observer) {
    return new S3Connection(settings, S3ProxyServer::signingCredentials, observer);
  }

  /** The production store on a new bucket of this server. */
  S3BlobStore newStore(S3Client admin) {
    return new S3BlobStore(connection(settings(), sent -> {}), newBucket(admin), settings());
  }

  /** Creates an empty bucket with a unique name. */
  static String newBucket(S3Client client) {
    String bucket = "t-" + UUID.randomUUID().toString().toLowerCase(Locale.ROOT);
    client.createBucket(b -> b.bucket(bucket));
    return bucket;
  }

  void stop() {
    try {
      proxy.stop();
    } catch (Exception e) {
      // Stopping at JVM exit or after a test: nothing useful to do with the failure.
    }
  }
}
