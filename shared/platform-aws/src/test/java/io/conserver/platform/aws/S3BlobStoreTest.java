package io.conserver.platform.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.platform.Sha256;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobNotFoundException;
import io.conserver.platform.storage.BlobStoreContract.PatternStream;
import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What the contract cannot see: the requests the adapter sends (If-None-Match on the wire, single
 * put versus multipart, path-style URLs), that failures leave no object and no pending multipart
 * upload, and that errors name the key but never the credentials. Against s3proxy, in-process.
 */
class S3BlobStoreTest {
  private static final int PART = S3Settings.MIN_PART_SIZE;
  private static final long TWO_PARTS = PART + 1024L * 1024 + 17;

  private static S3ProxyServer server;
  private static SentRequests recorder;
  private static S3Client client;
  private static S3Connection connection;
  private String bucket;
  private S3BlobStore store;

  @BeforeAll
  static void startClient() {
    server = S3ProxyServer.shared();
    recorder = new SentRequests();
    client = server.client(); // bucket administration and raw requests only
    connection = server.connection(server.settings(), recorder);
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @BeforeEach
  void freshBucket() {
    bucket = S3ProxyServer.newBucket(client);
    store = new S3BlobStore(connection, bucket, server.settings());
    recorder.clear();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void putIfAbsent_sendsIfNoneMatch_andTheStoreRefusesTheSecondWrite() {
    assertThat(store.putBytesIfAbsent("ledger/a/1.json", utf8("first"), PutOptions.JSON))
        .isPresent();
    assertThat(store.putBytesIfAbsent("ledger/a/1.json", utf8("second"), PutOptions.JSON))
        .isEmpty();

    assertThat(recorder.operations("PutObject"))
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(s -> assertThat(s.header("If-None-Match")).isEqualTo("*"));
    // The refusal is the server's, not a check-then-put in the adapter: a raw conditional put of
    // an existing key gets 412 from s3proxy.
    assertThatThrownBy(
            () ->
                client.putObject(
                    b -> b.bucket(bucket).key("ledger/a/1.json").ifNoneMatch("*"),
                    RequestBody.fromString("raw")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    assertThat(store.getBytes("ledger/a/1.json", 100)).isEqualTo(utf8("first"));
  }

  @Test
  void locationOf_isTheS3UriCloudServicesRead() {
    assertThat(store.locationOf("media/sha512-abc"))
        .contains(java.net.URI.create("s3://" + bucket + "/media/sha512-abc"));
  }

  @Test
  void plainPut_sendsNoCondition_andReplaces() {
    store.putBytes("k", utf8("one"), PutOptions.BINARY);
    store.putBytes("k", utf8("two"), PutOptions.BINARY);

    assertThat(recorder.operations("PutObject"))
        .allSatisfy(s -> assertThat(s.header("If-None-Match")).isNull());
    assertThat(store.getBytes("k", 10)).isEqualTo(utf8("two"));
  }

  @Test
  void smallStreamOfUnknownLength_isOneSinglePut() {
    BlobMetadata written =
        store.put("inbox/small.json", new ByteArrayInputStream(utf8("{}")), -1, PutOptions.JSON);

    assertThat(written.size()).isEqualTo(2);
    assertThat(recorder.operations("CreateMultipartUpload")).isEmpty();
    assertThat(recorder.operations("PutObject")).isNotEmpty();
    assertThat(store.head("inbox/small.json").orElseThrow().version()).isEqualTo(written.version());
  }

  @Test
  void largeStreamOfUnknownLength_isAMultipartUploadOfBoundedParts() throws IOException {
    BlobMetadata written =
        store.put(
            "media/big.bin",
            new PatternStream(TWO_PARTS),
            -1,
            PutOptions.BINARY.withMetadata("source", "test"));

    assertThat(recorder.operations("CreateMultipartUpload")).hasSize(1);
    assertThat(recorder.operations("UploadPart"))
        .extracting(s -> s.query().get("partNumber"))
        .containsExactly("1", "2");
    assertThat(recorder.operations("PutObject")).isEmpty();
    BlobMetadata head = store.head("media/big.bin").orElseThrow();
    assertThat(head.size()).isEqualTo(TWO_PARTS).isEqualTo(written.size());
    assertThat(head.version()).isEqualTo(written.version());
    assertThat(head.userMetadata()).containsEntry("source", "test");
    try (InputStream in = store.get("media/big.bin")) {
      assertThat(PatternStream.matches(in, TWO_PARTS)).isTrue();
    }
  }

  @Test
  void streamFailureDuringMultipart_abortsTheUpload_andLeavesNothing() {
    InputStream failing = new FailingStream(new PatternStream(TWO_PARTS), PART + 1000);

    assertThatThrownBy(() -> store.put("media/broken.bin", failing, -1, PutOptions.BINARY))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("media/broken.bin");

    assertThat(recorder.operations("UploadPart")).hasSize(1); // the first part did go up
    assertThat(recorder.operations("AbortMultipartUpload")).hasSize(1);
    assertThat(store.head("media/broken.bin")).isEmpty();
    assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void conditionalMultipart_sendsIfNoneMatchOnCompletion() {
    Optional<BlobMetadata> written =
        store.putIfAbsent("media/once.bin", new PatternStream(TWO_PARTS), -1, PutOptions.BINARY);

    assertThat(written).isPresent();
    assertThat(recorder.operations("CompleteMultipartUpload"))
        .singleElement()
        .satisfies(s -> assertThat(s.header("If-None-Match")).isEqualTo("*"));
    assertThat(store.head("media/once.bin").orElseThrow().size()).isEqualTo(TWO_PARTS);
  }

  @Test
  void conditionalMultipart_losesToAWriterThatCameInBetween_andLeavesItsObject() {
    // The competing write lands while the second part is being read: after the adapter's
    // look-before-upload, before the completion. Only the store's conditional completion stops it.
    InputStream racing =
        new CallbackStream(
            new PatternStream(TWO_PARTS),
            PART + 1000,
            () -> store.putBytes("media/race.bin", utf8("competitor"), PutOptions.BINARY));

    Optional<BlobMetadata> result =
        store.putIfAbsent("media/race.bin", racing, -1, PutOptions.BINARY);

    assertThat(result).isEmpty();
    assertThat(recorder.operations("CompleteMultipartUpload")).hasSize(1);
    assertThat(store.getBytes("media/race.bin", 100)).isEqualTo(utf8("competitor"));
    assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void conditionalMultipart_onAnExistingKey_uploadsNoPart() {
    store.putBytes("media/there.bin", utf8("already"), PutOptions.BINARY);
    recorder.clear();

    assertThat(
            store.putIfAbsent(
                "media/there.bin", new PatternStream(TWO_PARTS), -1, PutOptions.BINARY))
        .isEmpty();

    assertThat(recorder.operations("CreateMultipartUpload")).isEmpty();
    assertThat(store.getBytes("media/there.bin", 100)).isEqualTo(utf8("already"));
  }

  @Test
  void knownLengthOverTheSinglePutLimit_goesMultipart_andChecksTheLength() throws IOException {
    S3BlobStore limited = new S3BlobStore(connection, bucket, server.settings(), 1024);

    limited.put("media/known.bin", new PatternStream(TWO_PARTS), TWO_PARTS, PutOptions.BINARY);
    assertThatThrownBy(
            () ->
                limited.put(
                    "media/short.bin",
                    new PatternStream(TWO_PARTS),
                    TWO_PARTS + 1,
                    PutOptions.BINARY))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("ended after");
    assertThatThrownBy(
            () ->
                limited.put(
                    "media/long.bin", new PatternStream(TWO_PARTS), PART + 1, PutOptions.BINARY))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("longer than");

    assertThat(recorder.operations("UploadPart")).hasSizeGreaterThanOrEqualTo(2);
    try (InputStream in = limited.get("media/known.bin")) {
      assertThat(PatternStream.matches(in, TWO_PARTS)).isTrue();
    }
    assertThat(limited.head("media/short.bin")).isEmpty();
    assertThat(limited.head("media/long.bin")).isEmpty();
    assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void streamLongerThanItsDeclaredLength_failsAndWritesNothing() {
    assertThatThrownBy(
            () ->
                store.put(
                    "inbox/long.bin",
                    new ByteArrayInputStream(new byte[20]),
                    10,
                    PutOptions.BINARY))
        .isInstanceOf(StorageException.class);

    assertThat(store.head("inbox/long.bin")).isEmpty();
  }

  @Test
  void nonMarkableStream_isStillReplayable_forRetries() {
    // This stream refuses mark, as a socket or pipe stream would: a small body is read into
    // memory first, so a failed attempt can still be sent again.
    InputStream unmarkable =
        new java.io.FilterInputStream(new ByteArrayInputStream(utf8("payload"))) {
          @Override
          public boolean markSupported() {
            return false;
          }
        };

    store.put("inbox/pipe.txt", unmarkable, 7, PutOptions.of("text/plain"));

    assertThat(store.getBytes("inbox/pipe.txt", 100)).isEqualTo(utf8("payload"));
  }

  @Test
  void smallBodies_areSignedWithTheirHash_largeKnownLengths_streamUnsigned() throws IOException {
    long large = S3BlobStore.IN_MEMORY_PUT + 4097L;
    store.putBytes("inbox/small.json", utf8("{}"), PutOptions.JSON);
    store.put("media/large.bin", new PatternStream(large), large, PutOptions.BINARY);

    assertThat(recorder.operations("PutObject"))
        .extracting(s -> s.header("x-amz-content-sha256"))
        .containsExactly(
            HexFormat.of().formatHex(Sha256.of(utf8("{}"))), SigV4Signer.UNSIGNED_PAYLOAD);
    try (InputStream in = store.get("media/large.bin")) {
      assertThat(PatternStream.matches(in, large)).isTrue();
    }
  }

  @Test
  void largeConditionalStream_onAnExistingKey_isNotSent() {
    long large = S3BlobStore.IN_MEMORY_PUT + 1;
    store.putBytes("media/there.bin", utf8("already"), PutOptions.BINARY);
    recorder.clear();

    assertThat(
            store.putIfAbsent(
                "media/there.bin", new PatternStream(large), large, PutOptions.BINARY))
        .isEmpty();

    assertThat(recorder.operations("PutObject")).isEmpty();
    assertThat(store.getBytes("media/there.bin", 100)).isEqualTo(utf8("already"));
  }

  @Test
  void pathStyle_putsTheBucketInThePath() {
    store.putBytes("vcons/p/ingest/x.json", utf8("{}"), PutOptions.JSON);

    assertThat(recorder.operations("PutObject"))
        .first()
        .satisfies(
            s -> {
              assertThat(s.host()).isEqualTo("127.0.0.1:" + server.endpoint().getPort());
              assertThat(s.path()).isEqualTo("/" + bucket + "/vcons/p/ingest/x.json");
            });
  }

  @Test
  void missingBucket_isAnError_namingKeyAndBucket_neverTheSecret() {
    S3BlobStore nowhere = new S3BlobStore(connection, "no-such-bucket-here", server.settings());

    assertThatThrownBy(() -> nowhere.putBytes("a/b", utf8("x"), PutOptions.BINARY))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("a/b")
        .hasMessageContaining("no-such-bucket-here")
        .hasMessageContaining("NoSuchBucket")
        .hasMessageNotContaining(S3ProxyServer.CREDENTIAL);
    assertThatThrownBy(() -> nowhere.get("a/b"))
        .isInstanceOf(StorageException.class)
        .isNotInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void wrongCredentials_areAnError_notAnAbsentObject_andTheSecretStaysOut() {
    String secret = "wrong-secret-that-must-not-appear";
    S3Connection wrong =
        new S3Connection(
            server.settings(),
            () -> new AwsCredentials(S3ProxyServer.IDENTITY, secret, Optional.empty()));
    S3BlobStore denied = new S3BlobStore(wrong, bucket, server.settings());

    assertThatThrownBy(() -> denied.head("a/b"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("a/b")
        .hasMessageNotContaining(secret)
        .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain(secret));
    assertThatThrownBy(() -> denied.putBytes("a/b", utf8("x"), PutOptions.BINARY))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("SignatureDoesNotMatch")
        .hasMessageNotContaining(secret);
  }

  @Test
  void list_carriesSizeAndVersion_butNoContentType() {
    BlobMetadata written = store.putBytes("q/a.json", utf8("{}"), PutOptions.JSON);

    assertThat(store.list("q/"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.size()).isEqualTo(2);
              assertThat(m.version()).isEqualTo(written.version());
              assertThat(m.lastModified()).isNotNull();
              assertThat(m.contentType()).isNull();
            });
  }

  /** Throws after {@code failAt} bytes, like a dropped upstream connection. */
  private static final class FailingStream extends java.io.FilterInputStream {
    private final long failAt;
    private long position;

    FailingStream(InputStream in, long failAt) {
      super(in);
      this.failAt = failAt;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (position >= failAt) {
        throw new IOException("upstream connection reset");
      }
      int n = super.read(b, off, (int) Math.min(len, failAt - position));
      position += Math.max(n, 0);
      return n;
    }
  }

  /** Runs {@code callback} once when reading passes {@code at} bytes. */
  private static final class CallbackStream extends java.io.FilterInputStream {
    private final long at;
    private final Runnable callback;
    private long position;
    private boolean called;

    CallbackStream(InputStream in, long at, Runnable callback) {
      super(in);
      this.at = at;
      this.callback = callback;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      position += Math.max(n, 0);
      if (!called && position >= at) {
        called = true;
        callback.run();
      }
      return n;
    }
  }
}
