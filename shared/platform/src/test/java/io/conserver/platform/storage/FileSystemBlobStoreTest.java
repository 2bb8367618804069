package io.conserver.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the local filesystem adapter, plus what only a folder can get wrong. */
class FileSystemBlobStoreTest extends BlobStoreContract {
  @TempDir Path dir;

  @Override
  protected BlobStore store() {
    return new FileSystemBlobStore("local", dir.resolve("bucket"), dir.resolve("meta"));
  }

  @Test
  void aSymlinkedEscapeInTheKeyIsStillRefused_byNormalisation() {
    FileSystemBlobStore store = (FileSystemBlobStore) store();

    assertThat(BlobKeys.isValid("a/../b")).isFalse();
    assertThat(store.root()).isEqualTo(dir.resolve("bucket").toAbsolutePath().normalize());
  }

  @Test
  void fileDroppedByHand_isListedWithDerivedMetadata() throws Exception {
    FileSystemBlobStore store = (FileSystemBlobStore) store();
    Files.createDirectories(store.root().resolve("inbox/default"));
    Files.writeString(store.root().resolve("inbox/default/hand.json"), "{}");

    assertThat(store.list("inbox/"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.key()).isEqualTo("inbox/default/hand.json");
              assertThat(m.size()).isEqualTo(2);
              assertThat(m.version()).isNotBlank();
            });
  }

  @Test
  void stagingFiles_neverAppearInTheBucket() {
    BlobStore store = store();
    store.putBytes("x/y", new byte[] {1}, PutOptions.BINARY);

    assertThat(store.list("")).extracting(BlobMetadata::key).containsExactly("x/y");
  }

  @Test
  void anEmptyObject_keepsTheMetadataItWasGiven_andLeavesNoStagingFile() throws Exception {
    BlobStore store = store();

    store.putBytesIfAbsent("index/p/plain", new byte[0], PutOptions.BINARY);
    store.putBytesIfAbsent("index/p/typed", new byte[0], PutOptions.of("text/plain"));

    assertThat(store.head("index/p/plain").orElseThrow().contentType())
        .isEqualTo("application/octet-stream");
    assertThat(store.head("index/p/typed").orElseThrow().contentType()).isEqualTo("text/plain");
    assertThat(stagingFiles()).isEmpty();
  }

  @Test
  void anEmptyDeclaredLength_withBytesBehindIt_isRefused_andNothingWritten() {
    BlobStore store = store();

    assertThatThrownBy(
            () ->
                store.putIfAbsent(
                    "index/p/liar",
                    new java.io.ByteArrayInputStream(new byte[] {1}),
                    0,
                    PutOptions.BINARY))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("longer than its declared 0 bytes");
    assertThat(store.head("index/p/liar")).isEmpty();
  }

  @Test
  void defaultMetadata_writesNoSidecar_andReplacesAStaleOne() throws Exception {
    BlobStore store = store();
    Path sidecars = dir.resolve("meta");
    store.putBytes("k/a", new byte[] {1}, PutOptions.JSON);
    assertThat(Files.isRegularFile(sidecars.resolve("k/a.meta.json"))).isTrue();

    store.putBytes("k/a", new byte[] {2}, PutOptions.BINARY);
    store.putBytesIfAbsent("k/b", new byte[] {3}, PutOptions.BINARY);

    assertThat(Files.exists(sidecars.resolve("k/a.meta.json"))).isFalse();
    assertThat(Files.exists(sidecars.resolve("k/b.meta.json"))).isFalse();
    assertThat(store.head("k/a").orElseThrow().contentType()).isEqualTo("application/octet-stream");
    assertThat(store.head("k/b").orElseThrow().userMetadata()).isEmpty();
  }

  @Test
  void metadataTheKeyImplies_writesNoSidecar_otherMetadataDoes() throws Exception {
    BlobStore store = store();
    Path sidecars = dir.resolve("meta");
    store.putBytes(
        "inbox/a.vcon.json", new byte[] {'{', '}'}, PutOptions.of("application/vcon+json"));
    store.putBytes("meter/b.json", new byte[] {'{', '}'}, PutOptions.JSON);
    store.putBytes("other/c.json", new byte[] {'{', '}'}, PutOptions.BINARY);
    store.putBytes("other/d.vcon.json", new byte[] {'{', '}'}, PutOptions.JSON);

    assertThat(Files.exists(sidecars.resolve("inbox/a.vcon.json.meta.json"))).isFalse();
    assertThat(Files.exists(sidecars.resolve("meter/b.json.meta.json"))).isFalse();
    assertThat(store.head("inbox/a.vcon.json").orElseThrow().contentType())
        .isEqualTo("application/vcon+json");
    assertThat(store.head("meter/b.json").orElseThrow().contentType())
        .isEqualTo("application/json");
    // Metadata other than the implied one is kept in a sidecar and read back from it.
    assertThat(store.head("other/c.json").orElseThrow().contentType())
        .isEqualTo("application/octet-stream");
    assertThat(store.head("other/d.vcon.json").orElseThrow().contentType())
        .isEqualTo("application/json");
  }

  @Test
  void manyWrites_leaveNothingInStaging() throws IOException {
    BlobStore store = store();
    for (int i = 0; i < 20; i++) {
      store.putBytesIfAbsent("k/" + i, new byte[] {(byte) i}, PutOptions.JSON);
      store.putBytesIfAbsent("k/" + i, new byte[] {(byte) i}, PutOptions.JSON); // exists: no write
    }

    assertThat(stagingFiles()).isEmpty();
    assertThat(store.list("k/")).hasSize(20);
  }

  @Test
  void writesFromManyThreads_eachLandOnce_andLeaveNothingInStaging() throws Exception {
    BlobStore store = store();
    int threads = 20;
    var pool = Executors.newFixedThreadPool(threads);
    try {
      var written = new ArrayList<Future<Boolean>>();
      for (int i = 0; i < threads * 5; i++) {
        String key = "many/" + (i % (threads * 2)); // each key raced by 2-3 writers
        byte[] body = key.getBytes(StandardCharsets.UTF_8);
        written.add(
            pool.submit(() -> store.putBytesIfAbsent(key, body, PutOptions.JSON).isPresent()));
      }
      long created = 0;
      for (var each : written) {
        created += each.get() ? 1 : 0;
      }
      assertThat(created).isEqualTo(threads * 2);
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.list("many/")).hasSize(threads * 2);
    assertThat(new String(store.getBytes("many/7", 100), StandardCharsets.UTF_8))
        .isEqualTo("many/7");
    assertThat(stagingFiles()).isEmpty();
  }

  /** Files left anywhere under the staging folder (its per-thread subfolders included). */
  private List<Path> stagingFiles() throws IOException {
    try (var walk = Files.walk(dir.resolve("meta/.staging"))) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}
