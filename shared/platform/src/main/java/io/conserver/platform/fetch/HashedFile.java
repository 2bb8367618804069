package io.conserver.platform.fetch;

import io.conserver.vcon.ContentHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Downloaded bytes whose hash was not known before (media a source names), in a temporary file that
 * {@link #close()} deletes, with the SHA-512 {@code content_hash} computed while they streamed.
 */
public final class HashedFile implements AutoCloseable {
  private final Path path;
  private final long size;
  private final ContentHash sha512;

  HashedFile(Path path, long size, ContentHash sha512) {
    this.path = path;
    this.size = size;
    this.sha512 = sha512;
  }

  public long size() {
    return size;
  }

  public ContentHash sha512() {
    return sha512;
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
