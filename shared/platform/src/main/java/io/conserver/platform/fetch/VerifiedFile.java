package io.conserver.platform.fetch;

import java.nio.file.Path;

/**
 * Downloaded bytes that matched their {@code content_hash}, in a temporary file that {@link
 * #close()} deletes. Handing out a verified file (rather than a stream that fails at its end) means
 * no decoder ever acts on bytes that later turn out to be wrong.
 */
public final class VerifiedFile extends TemporaryDownload {
  VerifiedFile(Path path, long size) {
    super(path, size);
  }

  public Path path() {
    return file();
  }
}
