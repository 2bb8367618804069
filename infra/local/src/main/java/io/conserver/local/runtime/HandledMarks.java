package io.conserver.local.runtime;

import io.conserver.platform.Sha256;
import io.conserver.platform.events.ObjectCreated;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The local runtime's record of which object versions each stage has finished with, so a restart
 * queues only what is left: {@code
 * .runtime/handled/<pipeline>/<stage>/<hash(key)>-<hash(version)>}. Only hashes are used in file
 * names: object keys are never trusted as paths.
 */
public final class HandledMarks {
  private final Path root;

  public HandledMarks(LocalTenant tenant) {
    this.root = tenant.runtimeFolder().resolve("handled");
  }

  public boolean isHandled(String pipeline, String stage, ObjectCreated event) {
    return Files.exists(marker(pipeline, stage, event.key(), event.version()));
  }

  public void mark(String pipeline, String stage, ObjectCreated event) {
    Path marker = marker(pipeline, stage, event.key(), event.version());
    try {
      try {
        Files.write(marker, new byte[0]);
      } catch (java.nio.file.NoSuchFileException firstOfItsStage) {
        // The folder exists after the stage's first mark: creating it each time cost a stat.
        Files.createDirectories(marker.getParent());
        Files.write(marker, new byte[0]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Forgets every version of a key, so the next resume processes it again. */
  public void forget(String pipeline, String stage, String key) {
    Path folder = root.resolve(pipeline).resolve(stage);
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (DirectoryStream<Path> markers = Files.newDirectoryStream(folder, hash(key) + "-*")) {
      for (Path marker : markers) {
        Files.deleteIfExists(marker);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path marker(String pipeline, String stage, String key, String version) {
    return root.resolve(pipeline)
        .resolve(stage)
        .resolve(hash(key) + "-" + hash(String.valueOf(version)));
  }

  private static String hash(String text) {
    byte[] digest = Sha256.of(text);
    return HexFormat.of().formatHex(digest, 0, 16);
  }
}
