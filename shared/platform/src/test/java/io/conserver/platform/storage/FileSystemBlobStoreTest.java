package io.conserver.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
