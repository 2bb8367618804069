package io.conserver.testing;

import io.conserver.platform.aws.S3BlobStoreProvider;
import io.conserver.platform.aws.S3ClientFactory;
import io.conserver.platform.aws.S3Settings;
import io.conserver.platform.storage.BlobStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The tenant's bucket for the tests of every package that reaches an S3-compatible store (the
 * Lambda packages, the Knative package): an in-process s3proxy (in-memory backend, which evaluates
 * {@code If-None-Match: *} atomically) serving HTTPS with a self-signed certificate made by
 * keytool, requests signed with SigV4.
 *
 * <p>The function reaches it exactly as a deployment does: {@code conserver.store=s3} and the
 * {@code conserver.s3.*} settings, credentials from the AWS default chain ({@code aws.accessKeyId}
 * / {@code aws.secretAccessKey} here, the IAM role in Lambda). Two settings differ from AWS itself
 * and are the ones an on-premise store uses: the CA bundle, and checksums off. s3proxy drops the
 * connection before reading an aws-chunked trailer (see platform-aws's {@code S3ProxyServer}), so a
 * plain body over TLS keeps these tests deterministic; the chunked wire format has its own test in
 * platform-aws.
 *
 * <p>Configuration is set as JVM system properties, which is where {@code
 * FunctionSettings.fromEnvironment()} looks first (then the environment). Keys listed in {@link
 * #unavailable} answer GET with 503 Service Unavailable: a store that is down for that object, the
 * transient failure an SQS redelivery is for.
 */
public final class TestBucket {
  public static final String TENANT = "acme";
  public static final String BUCKET = "conserver-acme";
  public static final String REGION = "us-east-1";
  private static final String IDENTITY = "conserver-functions-aws-test";
  private static final String PASSWORD = "conserver-test-keystore";

  private static TestBucket shared;
  private static TestBucket second;

  /** Object keys whose GET fails with 503 until removed. */
  public final Set<String> unavailable = ConcurrentHashMap.newKeySet();

  /** While set, every object request (HEAD, GET, PUT, list) answers 503: the store is down. */
  public final java.util.concurrent.atomic.AtomicBoolean down =
      new java.util.concurrent.atomic.AtomicBoolean();

  private final String bucket;
  private final String identity;
  private final String credential;

  private final S3Proxy proxy;
  private final URI endpoint;
  private final Path caBundle;
  private final BlobStore store;
  private final S3Client client;

  private TestBucket(String bucket, String identity, boolean publishSettings) throws Exception {
    this.bucket = bucket;
    this.identity = identity;
    this.credential = identity + "-credential";
    Path dir = Files.createTempDirectory("conserver-s3-test");
    Path keyStore = dir.resolve("s3proxy.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "s3proxy",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "san=ip:127.0.0.1",
        "-validity",
        "2",
        "-keystore",
        keyStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    caBundle = dir.resolve("ca.pem");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "s3proxy",
        "-keystore",
        keyStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-file",
        caBundle.toString());
    proxy =
        S3Proxy.builder()
            .blobStore(new FailingBlobStore(new TransientNio2BlobStore(), unavailable, down))
            .secureEndpoint(URI.create("https://127.0.0.1:0"))
            .keyStore(keyStore.toString(), PASSWORD)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, identity, credential)
            .stopTimeout(0)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    endpoint = URI.create("https://127.0.0.1:" + proxy.getSecurePort());

    if (publishSettings) {
      for (Map.Entry<String, String> setting : settings().entrySet()) {
        System.setProperty(setting.getKey(), setting.getValue());
      }
    }
    client =
        S3ClientFactory.create(
            S3Settings.compatible(endpoint).withCaBundle(caBundle).withChecksums(false),
            StaticCredentialsProvider.create(AwsBasicCredentials.create(identity, credential)));
    client.createBucket(b -> b.bucket(bucket));
    // The test's own view of the bucket: the production provider with the same settings.
    Map<String, String> own = new java.util.HashMap<>(settings());
    own.put("conserver.s3.access-key-id", identity);
    own.put("conserver.s3.secret-access-key", credential);
    store = new S3BlobStoreProvider().open(bucket, name -> Optional.ofNullable(own.get(name)));
  }

  /** The deployment's configuration, as Terraform would set it (environment variable names). */
  public Map<String, String> settings() {
    return Map.ofEntries(
        Map.entry("conserver.tenant", TENANT),
        Map.entry("conserver.bucket", bucket),
        Map.entry("conserver.store", "s3"),
        Map.entry("conserver.pipeline", "default"),
        Map.entry("conserver.s3.endpoint", endpoint.toString()),
        Map.entry("conserver.s3.path-style", "true"),
        Map.entry("conserver.s3.region", REGION),
        Map.entry("conserver.s3.ca-bundle", caBundle.toString()),
        Map.entry("conserver.s3.checksums", "false"),
        // The AWS SDK's default credentials chain reads these system properties first.
        Map.entry("aws.accessKeyId", identity),
        Map.entry("aws.secretAccessKey", credential));
  }

  /**
   * The {@code conserver.s3.*} settings of this store without their prefix ({@code endpoint},
   * {@code path-style}, {@code region}, {@code ca-bundle}, {@code checksums}): what a stage that
   * writes to it as a second store declares.
   */
  public Map<String, String> s3Settings() {
    Map<String, String> s3 = new java.util.TreeMap<>();
    settings()
        .forEach(
            (name, value) -> {
              if (name.startsWith("conserver.s3.")) {
                s3.put(name.substring("conserver.s3.".length()), value);
              }
            });
    return s3;
  }

  /**
   * The options of an export-to-cloud stage writing to this store (into {@code pipeline}'s inbox,
   * the tenant's own account), its credentials passed by reference to the environment variables
   * named; a test sets those from {@link #credentials()}.
   */
  public com.fasterxml.jackson.databind.node.ObjectNode asDestination(
      String pipeline, String keyIdVariable, String secretVariable) {
    var options = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    options.put("store", "s3").put("bucket", bucket).put("pipeline", pipeline);
    options.put("account", "tenant");
    var s3 = options.putObject("settings");
    s3Settings().forEach(s3::put);
    options
        .putObject("credentials")
        .put("access-key-id", "env:" + keyIdVariable)
        .put("secret-access-key", "env:" + secretVariable);
    return options;
  }

  /** The bucket's access key id and secret, for a test that passes them by reference. */
  public Map<String, String> credentials() {
    return Map.of("access-key-id", identity, "secret-access-key", credential);
  }

  public String bucket() {
    return bucket;
  }

  /**
   * The same configuration as environment variables, as a deployment's manifest sets them ({@code
   * conserver.s3.ca-bundle} is {@code CONSERVER_S3_CA_BUNDLE}, {@code aws.accessKeyId} is {@code
   * AWS_ACCESS_KEY_ID}): for tests that start a packaged function in its own process.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    settings().forEach((name, value) -> env.put(environmentName(name), value));
    return env;
  }

  /** conserver.s3.ca-bundle is CONSERVER_S3_CA_BUNDLE; aws.accessKeyId is AWS_ACCESS_KEY_ID. */
  public static String environmentName(String property) {
    return switch (property) {
      case "aws.accessKeyId" -> "AWS_ACCESS_KEY_ID";
      case "aws.secretAccessKey" -> "AWS_SECRET_ACCESS_KEY";
      default -> property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    };
  }

  public static synchronized TestBucket shared() {
    if (shared == null) {
      try {
        shared = new TestBucket(BUCKET, IDENTITY, true);
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the test bucket", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
    }
    return shared;
  }

  /**
   * A second, independent store (its own s3proxy, bucket and credentials) that publishes no
   * settings: a hybrid tenant's cloud bucket beside the on-premise one.
   */
  public static synchronized TestBucket second() {
    if (second == null) {
      try {
        second = new TestBucket(BUCKET + "-cloud", IDENTITY + "-cloud", false);
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the second test bucket", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(second::stop));
    }
    return second;
  }

  public BlobStore store() {
    return store;
  }

  public S3Client client() {
    return client;
  }

  public void stop() {
    try {
      client.close();
      proxy.stop();
    } catch (Exception e) {
      // At JVM exit: nothing useful to do.
    }
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
  }

  /**
   * s3proxy's in-memory store, except that GETs of the listed keys fail, and every object request
   * while the store is down (503 on the wire).
   */
  private static final class FailingBlobStore extends ForwardingBlobStore {
    private final Set<String> unavailable;
    private final java.util.concurrent.atomic.AtomicBoolean down;

    FailingBlobStore(
        org.gaul.s3proxy.blobstore.BlobStore delegate,
        Set<String> unavailable,
        java.util.concurrent.atomic.AtomicBoolean down) {
      super(delegate);
      this.unavailable = unavailable;
      this.down = down;
    }

    private void failIfDown() {
      if (down.get()) {
        throw S3Exceptions.fromStatusCode(503);
      }
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
      failIfDown();
      if (unavailable.contains(request.key())) {
        throw S3Exceptions.fromStatusCode(503);
      }
      return super.getBlob(request);
    }

    @Override
    public software.amazon.awssdk.services.s3.model.HeadObjectResponse blobMetadata(
        software.amazon.awssdk.services.s3.model.HeadObjectRequest request) {
      failIfDown();
      return super.blobMetadata(request);
    }

    @Override
    public software.amazon.awssdk.services.s3.model.PutObjectResponse putBlob(
        software.amazon.awssdk.services.s3.model.PutObjectRequest request,
        java.io.InputStream content) {
      failIfDown();
      return super.putBlob(request, content);
    }

    @Override
    public software.amazon.awssdk.services.s3.model.ListObjectsV2Response list(
        software.amazon.awssdk.services.s3.model.ListObjectsV2Request request) {
      failIfDown();
      return super.list(request);
    }
  }
}
