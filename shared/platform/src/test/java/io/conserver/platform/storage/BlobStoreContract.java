package io.conserver.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link BlobStore} adapter must have. Each adapter's test extends this class
 * and supplies a fresh, empty store; what the suite cannot prove for a given backend is said in
 * that subclass.
 */
public abstract class BlobStoreContract {
  /** A new, empty store for one test. */
  protected abstract BlobStore store();

  /** Size of a stream large enough to need more than one part (S3 multipart, GCS chunks). */
  protected long multiPartSize() {
    return 6L * 1024 * 1024 + 17;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void putThenGet_returnsTheSameBytes_andHeadDescribesThem() throws IOException {
    BlobStore store = store();
    PutOptions options = PutOptions.of("application/json").withMetadata("stage", "ingest");

    BlobMetadata written =
        store.putBytes("vcons/default/ingest/a.vcon.json", utf8("{\"a\":1}"), options);

    try (InputStream in = store.get("vcons/default/ingest/a.vcon.json")) {
      assertThat(in.readAllBytes()).isEqualTo(utf8("{\"a\":1}"));
    }
    BlobMetadata head = store.head("vcons/default/ingest/a.vcon.json").orElseThrow();
    assertThat(head.size()).isEqualTo(7);
    assertThat(head.contentType()).startsWith("application/json");
    assertThat(head.userMetadata()).containsEntry("stage", "ingest");
    assertThat(head.version()).isEqualTo(written.version()).isNotBlank();
    assertThat(head.key()).isEqualTo("vcons/default/ingest/a.vcon.json");
  }

  @Test
  void putOfUnknownLength_streamsALargeObjectInParts() throws IOException {
    BlobStore store = store();
    long size = multiPartSize();

    BlobMetadata written =
        store.put("media/big.bin", new PatternStream(size), -1, PutOptions.BINARY);

    assertThat(written.size()).isEqualTo(size);
    try (InputStream in = store.get("media/big.bin")) {
      assertThat(PatternStream.matches(in, size)).isTrue();
    }
  }

  @Test
  void putWithWrongDeclaredLength_failsAndLeavesNoObject() {
    BlobStore store = store();

    assertThatThrownBy(
            () ->
                store.put(
                    "inbox/short.bin",
                    new ByteArrayInputStream(new byte[10]),
                    20,
                    PutOptions.BINARY))
        .isInstanceOf(RuntimeException.class);
    assertThat(store.head("inbox/short.bin")).isEmpty();
  }

  @Test
  void putIfAbsent_writesOnce_andLeavesTheFirstContent() throws IOException {
    BlobStore store = store();

    assertThat(store.putBytesIfAbsent("ledger/x/1.json", utf8("first"), PutOptions.JSON))
        .isPresent();
    assertThat(store.putBytesIfAbsent("ledger/x/1.json", utf8("second"), PutOptions.JSON))
        .isEmpty();

    assertThat(store.getBytes("ledger/x/1.json", 100)).isEqualTo(utf8("first"));
  }

  @Test
  void putIfAbsent_ofAnEmptyObject_writesOnce_andNeverOverAContentfulOne() {
    BlobStore store = store();

    assertThat(store.putBytesIfAbsent("index/p/a", new byte[0], PutOptions.BINARY)).isPresent();
    assertThat(store.putBytesIfAbsent("index/p/a", new byte[0], PutOptions.BINARY)).isEmpty();
    store.putBytes("index/p/b", utf8("kept"), PutOptions.BINARY);
    assertThat(store.putBytesIfAbsent("index/p/b", new byte[0], PutOptions.BINARY)).isEmpty();

    assertThat(store.head("index/p/a").orElseThrow().size()).isZero();
    assertThat(store.getBytes("index/p/b", 100)).isEqualTo(utf8("kept"));
    assertThat(store.list("index/p/"))
        .extracting(BlobMetadata::key)
        .containsExactly("index/p/a", "index/p/b");
  }

  @Test
  void putIfAbsent_underContention_hasExactlyOneWinner() throws Exception {
    BlobStore store = store();
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int i = 0; i < writers; i++) {
        byte[] content = utf8("writer-" + i);
        Callable<Boolean> attempt =
            () -> {
              start.await();
              return store
                  .putBytesIfAbsent("attempts/s/id", content, PutOptions.BINARY)
                  .isPresent();
            };
        results.add(pool.submit(attempt));
      }
      start.countDown();
      int winners = 0;
      for (Future<Boolean> result : results) {
        winners += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(new String(store.getBytes("attempts/s/id", 100), StandardCharsets.UTF_8))
        .startsWith("writer-");
  }

  @Test
  void overwrite_replacesContent_andChangesTheVersion() {
    BlobStore store = store();
    String first = store.putBytes("k/v", utf8("one"), PutOptions.BINARY).version();

    String second = store.putBytes("k/v", utf8("two!"), PutOptions.BINARY).version();

    assertThat(second).isNotEqualTo(first);
    assertThat(store.getBytes("k/v", 10)).isEqualTo(utf8("two!"));
    assertThat(store.head("k/v").orElseThrow().size()).isEqualTo(4);
  }

  @Test
  void missingObject_headIsEmpty_getThrowsNotFound_deleteSaysFalse() {
    BlobStore store = store();

    assertThat(store.head("nothing/here")).isEmpty();
    assertThatThrownBy(() -> store.get("nothing/here")).isInstanceOf(BlobNotFoundException.class);
    assertThat(store.delete("nothing/here")).isFalse();
  }

  @Test
  void delete_removesTheObject() {
    BlobStore store = store();
    store.putBytes("q/a", utf8("x"), PutOptions.BINARY);

    assertThat(store.delete("q/a")).isTrue();

    assertThat(store.head("q/a")).isEmpty();
    assertThat(store.list("q/")).isEmpty();
  }

  @Test
  void list_returnsOnlyThePrefix_inKeyOrder_withSizes() {
    BlobStore store = store();
    store.putBytes("vcons/p/ingest/b.json", utf8("bb"), PutOptions.JSON);
    store.putBytes("vcons/p/ingest/a.json", utf8("a"), PutOptions.JSON);
    store.putBytes("vcons/p/ingest/sub/c.json", utf8("ccc"), PutOptions.JSON);
    store.putBytes("vcons/p/ingestion/d.json", utf8("d"), PutOptions.JSON);
    store.putBytes("vcons/q/ingest/e.json", utf8("e"), PutOptions.JSON);

    assertThat(store.list("vcons/p/ingest/"))
        .extracting(BlobMetadata::key, BlobMetadata::size)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("vcons/p/ingest/a.json", 1L),
            org.assertj.core.groups.Tuple.tuple("vcons/p/ingest/b.json", 2L),
            org.assertj.core.groups.Tuple.tuple("vcons/p/ingest/sub/c.json", 3L));
    assertThat(store.list("vcons/p/ingest")).hasSize(4);
    assertThat(store.list("nothing/")).isEmpty();
  }

  @Test
  void list_pagesThroughManyObjects() {
    BlobStore store = store();
    for (int i = 0; i < 1_050; i++) {
      store.putBytes(String.format("many/%04d", i), new byte[0], PutOptions.BINARY);
    }

    List<BlobMetadata> all = store.list("many/");

    assertThat(all).hasSize(1_050);
    assertThat(all.get(1_049).key()).isEqualTo("many/1049");
  }

  @Test
  void emptyObject_isStoredAndReadBack() {
    BlobStore store = store();

    store.putBytes("inbox/default/empty.json", new byte[0], PutOptions.JSON);

    assertThat(store.head("inbox/default/empty.json").orElseThrow().size()).isZero();
    assertThat(store.getBytes("inbox/default/empty.json", 10)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "inbox/default/call with spaces.wav",
        "inbox/default/a+b=c.json",
        "inbox/default/appel-été-日本.json",
        "inbox/default/100%25.json"
      })
  void unusualButValidKeys_roundTripExactly(String key) {
    BlobStore store = store();

    store.putBytes(key, utf8(key), PutOptions.BINARY);

    assertThat(store.getBytes(key, 1_000)).isEqualTo(utf8(key));
    assertThat(store.list("inbox/default/")).extracting(BlobMetadata::key).containsExactly(key);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../escape",
        "a/../../b",
        "/absolute",
        "a//b",
        "a/./b",
        "trailing/",
        "back\\slash",
        "nul\u0000char",
        ""
      })
  void invalidKeys_areRefusedBeforeAnyIo(String key) {
    BlobStore store = store();

    assertThatThrownBy(() -> store.putBytes(key, utf8("x"), PutOptions.BINARY))
        .isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> store.head(key)).isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> store.get(key)).isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> store.delete(key)).isInstanceOf(InvalidKeyException.class);
  }

  @Test
  void getBytes_refusesObjectsOverTheLimit() {
    BlobStore store = store();
    store.putBytes("big/one", new byte[101], PutOptions.BINARY);

    assertThatThrownBy(() -> store.getBytes("big/one", 100))
        .isInstanceOf(BlobTooLargeException.class);
    assertThat(store.getBytes("big/one", 101)).hasSize(101);
  }

  @Test
  void userMetadata_roundTrips() {
    BlobStore store = store();

    store.putBytes(
        "m/x",
        utf8("x"),
        new PutOptions("audio/x-wav", Map.of("sha512", "abc", "source", "twilio")));

    assertThat(store.head("m/x").orElseThrow().userMetadata())
        .containsEntry("sha512", "abc")
        .containsEntry("source", "twilio");
  }

  /** A deterministic byte stream of any length that is never held in memory. */
  public static final class PatternStream extends InputStream {
    private final long size;
    private long position;

    public PatternStream(long size) {
      this.size = size;
    }

    static int byteAt(long position) {
      return (int) ((position * 2_654_435_761L) >>> 13) & 0xff;
    }

    @Override
    public int read() {
      return position < size ? byteAt(position++) : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(length, size - position);
      for (int i = 0; i < n; i++) {
        buffer[offset + i] = (byte) byteAt(position++);
      }
      return n;
    }

    public static boolean matches(InputStream in, long size) throws IOException {
      byte[] buffer = new byte[64 * 1024];
      long position = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        for (int i = 0; i < n; i++) {
          if ((buffer[i] & 0xff) != byteAt(position++)) {
            return false;
          }
        }
      }
      return position == size;
    }
  }
}
