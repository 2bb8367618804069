package io.conserver.platform.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Downloaded bytes in a temporary file that {@link #close()} deletes. */
abstract class TemporaryDownload implements AutoCloseable {
  private final Path path;
  private final long size;

  TemporaryDownload(Path path, long size) {
    this.path = path;
    this.size = size;
  }

  Path file() {
    return path;
  }

  public long size() {
    return size;
  }

  public InputStream open() {
    try {
      return Files.newInputStream(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
