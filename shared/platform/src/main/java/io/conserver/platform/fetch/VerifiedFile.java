package io.conserver.platform.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Downloaded bytes that matched their {@code content_hash}, in a temporary file that {@link
 * #close()} deletes. Handing out a verified file (rather than a stream that fails at its end) means
 * no decoder ever acts on bytes that later turn out to be wrong.
 */
public final class VerifiedFile implements AutoCloseable {
  private final Path path;
  private final long size;

  VerifiedFile(Path path, long size) {
    this.path = path;
    this.size = size;
  }

  public Path path() {
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
