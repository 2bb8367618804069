package io.conserver.platform.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.storage.BlobInfo;
import io.conserver.platform.gcp.FakeGcsServer.Recorded;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobNotFoundException;
import io.conserver.platform.storage.BlobStoreContract.PatternStream;
import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only the GCS adapter can get wrong, checked on the wire through the fake's request log:
 * which requests carry the precondition, how uploads are split, that an interrupted upload never
 * commits, how errors are reported. See {@link GcsBlobStoreContractTest} for what the fake can and
 * cannot prove.
 */
class GcsBlobStoreTest {
  private static final String KEY = "vcons/p/ingest/id.vcon.json";

  private FakeGcsServer server;
  private GcsBlobStore store;

  @BeforeEach
  void start() throws Exception {
    server = FakeGcsServer.start(GcsTestStores.BUCKET, 1000);
    store = GcsTestStores.store(server);
  }

  @AfterEach
  void stop() {
    try {
      assertThat(server.unsupported()).isEmpty();
    } finally {
      server.close();
    }
  }

  @Test
  void locationOf_isTheGsUriCloudServicesRead() {
    assertThat(store.locationOf("media/sha512-abc"))
        .contains(java.net.URI.create("gs://" + store.bucket() + "/media/sha512-abc"));
  }

  @Test
  void conditionalCreate_sendsIfGenerationMatchZero_andAPlainPutDoesNot() {
    store.putBytesIfAbsent(KEY, bytes("first"), PutOptions.JSON);
    store.putBytes("other/key", bytes("x"), PutOptions.JSON);

    List<Recorded> uploads = server.requests();
    assertThat(uploads).hasSize(2);
    assertThat(uploads.get(0).query())
        .containsEntry("uploadType", "multipart")
        .containsEntry("ifGenerationMatch", "0");
    assertThat(uploads.get(1).query()).doesNotContainKey("ifGenerationMatch");
  }

  @Test
  void conditionalCreate_ofAStream_whenTheKeyExists_stopsAtSessionStart() {
    store.putBytes(KEY, bytes("existing"), PutOptions.JSON);
    server.clearRequests();

    assertThat(store.putIfAbsent(KEY, new PatternStream(1_000_000), -1, PutOptions.BINARY))
        .isEmpty();

    assertThat(server.requests())
        .singleElement()
        .satisfies(
            start -> {
              assertThat(start.query()).containsEntry("uploadType", "resumable");
              assertThat(start.query()).containsEntry("ifGenerationMatch", "0");
            });
    assertThat(store.getBytes(KEY, 100)).isEqualTo(bytes("existing"));
  }

  @Test
  void conditionalCreate_losingTheRaceDuringTheUpload_isRefusedAtCommit() {
    GcsBlobStore rival = GcsTestStores.store(server);
    // The rival writes the key while our session is half uploaded.
    InputStream racing =
        new TriggerAt(
            new PatternStream(1_000_000),
            600_000,
            () -> rival.putBytes(KEY, bytes("rival"), PutOptions.JSON));

    assertThat(store.putIfAbsent(KEY, racing, -1, PutOptions.BINARY)).isEmpty();

    assertThat(store.getBytes(KEY, 100)).isEqualTo(bytes("rival"));
    assertThat(server.requests())
        .filteredOn(Recorded::isChunk)
        .last()
        .satisfies(commit -> assertThat(commit.contentRange()).endsWith("/1000000"));
  }

  @Test
  void unknownLengthStream_largerThanAChunk_isUploadedInSeveralChunkPuts() throws IOException {
    long size = 4L * GcsTestStores.CHUNK + 17;

    BlobMetadata written = store.put(KEY, new PatternStream(size), -1, PutOptions.BINARY);

    assertThat(written.size()).isEqualTo(size);
    assertThat(server.requests())
        .filteredOn(Recorded::isChunk)
        .extracting(Recorded::contentRange)
        .containsExactly(
            "bytes 0-262143/*",
            "bytes 262144-524287/*",
            "bytes 524288-786431/*",
            "bytes 786432-1048575/*",
            "bytes 1048576-1048592/1048593");
    try (InputStream in = store.get(KEY)) {
      assertThat(PatternStream.matches(in, size)).isTrue();
    }
  }

  @Test
  void smallStreamOfUnknownLength_goesInOneRequest() {
    store.put(KEY, new ByteArrayInputStream(bytes("{}")), -1, PutOptions.JSON);

    assertThat(server.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.query()).containsEntry("uploadType", "multipart"));
  }

  @Test
  void failureMidStream_leavesNoObject_andNeverCommits() {
    InputStream failing =
        new TriggerAt(
            new PatternStream(2_000_000),
            700_000,
            () -> {
              throw new IllegalStateException("source went away");
            });

    assertThatThrownBy(() -> store.put(KEY, failing, -1, PutOptions.BINARY))
        .isInstanceOf(RuntimeException.class);

    assertThat(store.head(KEY)).isEmpty();
    assertThat(server.requests())
        .filteredOn(Recorded::isChunk)
        .isNotEmpty()
        .allSatisfy(chunk -> assertThat(chunk.contentRange()).endsWith("/*"));
    assertThat(server.openSessions()).isEqualTo(1);
  }

  @Test
  void readFailureMidStream_isReportedAsAStorageExceptionNamingTheKey() {
    InputStream failing = new FailingStream(new PatternStream(2_000_000), 300_000);

    assertThatThrownBy(() -> store.put(KEY, failing, -1, PutOptions.BINARY))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(KEY);
    assertThat(store.head(KEY)).isEmpty();
  }

  @Test
  void largeStreamShorterThanDeclared_leavesNoObject() {
    assertThatThrownBy(
            () -> store.put(KEY, new PatternStream(700_000), 1_000_000, PutOptions.BINARY))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("declared 1000000");

    assertThat(store.head(KEY)).isEmpty();
    assertThat(server.requests())
        .filteredOn(Recorded::isChunk)
        .allSatisfy(chunk -> assertThat(chunk.contentRange()).endsWith("/*"));
  }

  @Test
  void largeStreamLongerThanDeclared_leavesNoObject() {
    assertThatThrownBy(() -> store.put(KEY, new PatternStream(800_000), 700_000, PutOptions.BINARY))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("more");

    assertThat(store.head(KEY)).isEmpty();
    assertThat(server.requests())
        .filteredOn(Recorded::isChunk)
        .allSatisfy(chunk -> assertThat(chunk.contentRange()).endsWith("/*"));
  }

  @Test
  void streamLongerThanDeclared_isRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(
            () -> store.put(KEY, new ByteArrayInputStream(new byte[11]), 10, PutOptions.BINARY))
        .isInstanceOf(StorageException.class);

    assertThat(server.requests()).isEmpty();
  }

  @Test
  void versionIsTheGeneration_andChangesOnEveryWrite() {
    BlobMetadata first = store.putBytes(KEY, bytes("1"), PutOptions.JSON);
    BlobMetadata second = store.put(KEY, new PatternStream(300_000), -1, PutOptions.BINARY);

    assertThat(Long.parseLong(second.version())).isGreaterThan(Long.parseLong(first.version()));
    assertThat(store.head(KEY).orElseThrow().version()).isEqualTo(second.version());
  }

  @Test
  void list_skipsObjectsNoKeyRuleAllows() {
    // The console's "create folder" writes a zero-byte "name/" object.
    GcsTestStores.storage(server)
        .create(BlobInfo.newBuilder(GcsTestStores.BUCKET, "inbox/p/").build(), new byte[0]);
    store.putBytes("inbox/p/a.json", bytes("{}"), PutOptions.JSON);

    assertThat(store.list("inbox/"))
        .extracting(BlobMetadata::key)
        .containsExactly("inbox/p/a.json");
  }

  @Test
  void serverError_isAStorageExceptionNamingTheKeyAndStatus_notANotFound() {
    server.failNextRequest(503);

    assertThatThrownBy(() -> store.head(KEY))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(KEY)
        .hasMessageContaining("HTTP 503");
    server.failNextRequest(500);
    assertThatThrownBy(() -> store.get(KEY))
        .isInstanceOf(StorageException.class)
        .isNotInstanceOf(BlobNotFoundException.class)
        .hasMessageContaining("HTTP 500");
  }

  @Test
  void withRetriesOn_aTransientServerError_isRetriedByTheClient() {
    // Production keeps the client's retries; this runs its retry path on the trimmed classpath
    // (no gRPC jars) with millisecond back-off.
    RetrySettings quick =
        ServiceOptions.getDefaultRetrySettings().toBuilder()
            .setMaxAttempts(3)
            .setInitialRetryDelayDuration(Duration.ofMillis(5))
            .setMaxRetryDelayDuration(Duration.ofMillis(20))
            .build();
    GcsBlobStore retrying =
        new GcsBlobStore(
            GcsTestStores.storage(server, com.google.cloud.NoCredentials.getInstance(), quick),
            GcsTestStores.settings(server));
    retrying.putBytes(KEY, bytes("x"), PutOptions.JSON);
    server.failNextRequest(503);

    assertThat(retrying.head(KEY)).isPresent();
    assertThat(server.requests()).hasSize(3); // the upload, the failed GET, the retried GET
  }

  @Test
  void credentialsAreSent_butNeverAppearInErrors() {
    String token = "ya29.secret-token-for-the-test";
    GoogleCredentials credentials =
        GoogleCredentials.create(
            new AccessToken(token, Date.from(java.time.Instant.now().plusSeconds(3600))));
    GcsBlobStore authorized =
        new GcsBlobStore(
            GcsTestStores.storage(server, credentials, ServiceOptions.getNoRetrySettings()),
            GcsTestStores.settings(server));
    server.failNextRequest(403);

    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> authorized.head(KEY));

    assertThat(server.requests().get(0).authorization()).isEqualTo("Bearer " + token);
    assertThat(failure).isInstanceOf(StorageException.class).hasMessageContaining("HTTP 403");
    for (Throwable t = failure; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t)).doesNotContain(token);
    }
  }

  @Test
  void settings_refuseChunkSizesGcsWouldReject() {
    GcsSettings settings = GcsSettings.forBucket("b");

    assertThatThrownBy(() -> settings.withChunkSize(100_000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(settings.withChunkSize(2 * GcsSettings.CHUNK_QUANTUM).chunkSize())
        .isEqualTo(512 * 1024);
    assertThat(settings.project()).isEmpty();
    assertThat(settings.customHost()).isEmpty();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Runs an action once, when the reader reaches a position (an outside event mid-upload). */
  private static final class TriggerAt extends InputStream {
    private final InputStream in;
    private final long at;
    private final Runnable action;
    private long position;
    private boolean fired;

    TriggerAt(InputStream in, long at, Runnable action) {
      this.in = in;
      this.at = at;
      this.action = action;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (!fired && position >= at) {
        fired = true;
        action.run();
      }
      // Stop exactly at the trigger position, so the action runs between two reads.
      int limit = fired ? length : (int) Math.min(length, at - position);
      int n = in.read(buffer, offset, limit);
      if (n > 0) {
        position += n;
      }
      return n;
    }
  }

  /** A source that fails with an I/O error part way, like a dropped network download. */
  private static final class FailingStream extends InputStream {
    private final InputStream in;
    private long remaining;

    FailingStream(InputStream in, long failAfter) {
      this.in = in;
      this.remaining = failAfter;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (remaining <= 0) {
        throw new IOException("connection reset by the source");
      }
      int n = in.read(buffer, offset, (int) Math.min(length, remaining));
      remaining -= n;
      return n;
    }
  }
}
