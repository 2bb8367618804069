package io.conserver.platform.fetch;

import io.conserver.vcon.ContentHash;
import java.nio.file.Path;

/**
 * Downloaded bytes whose hash was not known before (media a source names), in a temporary file that
 * {@link #close()} deletes, with the SHA-512 {@code content_hash} computed while they streamed.
 */
public final class HashedFile extends TemporaryDownload {
  private final ContentHash sha512;

  HashedFile(Path path, long size, ContentHash sha512) {
    super(path, size);
    this.sha512 = sha512;
  }

  public ContentHash sha512() {
    return sha512;
  }
}
