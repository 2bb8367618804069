package io.conserver.media;

import java.io.InputStream;
import java.util.Optional;

/**
 * A dialog's media bytes, verified against {@code content_hash} where the dialog has one. It can be
 * opened more than once (one pass per channel of a stereo recording); {@link #close()} releases any
 * temporary file.
 */
public interface Media extends AutoCloseable {
  /** A fresh stream over the bytes, from the start. */
  InputStream open();

  /** The dialog's mediatype, when it declares one. */
  Optional<String> mediatype();

  /** Where the bytes came from: inline, bucket or fetched (for logs and quarantine reasons). */
  String origin();

  /** The key of the tenant's content-addressed media object holding the bytes, if one does. */
  default Optional<String> key() {
    return Optional.empty();
  }

  @Override
  void close();
}
