package io.conserver.media;

import io.conserver.platform.fetch.FetchException;
import io.conserver.platform.fetch.GuardedFetcher;
import io.conserver.platform.fetch.VerifiedFile;
import io.conserver.platform.fetch.VerifyingInputStream;
import io.conserver.platform.media.MediaStore;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.VconException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Finds a dialog's bytes: an inline body (decoded), the tenant's own bucket media (a url under its
 * media base, read with the tenant's credentials via {@link MediaStore#keyOf}), or any other https
 * url through the {@link GuardedFetcher} — unless the tenant already holds bytes with the dialog's
 * {@code content_hash} in its content-addressed media, which are then read instead. Whenever the
 * dialog carries {@code content_hash}, the bytes are checked against it.
 */
public final class MediaSource {
  private final MediaStore store;
  private final GuardedFetcher fetcher;

  public MediaSource(MediaStore store, GuardedFetcher fetcher) {
    this.store = store;
    this.fetcher = fetcher;
  }

  /**
   * @throws MediaException when the dialog has no media, or its media cannot be had or verified
   */
  public Media open(Dialog dialog) {
    List<String> hashes = dialog.contentHashes();
    Optional<String> type = dialog.mediatype();
    if (dialog.isInline()) {
      return inline(dialog, hashes, type);
    }
    String url = dialog.url().orElseThrow(() -> new MediaException("the dialog has no media"));
    Optional<String> key = store.keyOf(url).or(() -> store.heldUnder(hashes));
    if (key.isPresent()) {
      return bucket(key.get(), hashes, type);
    }
    try {
      VerifiedFile file = fetcher.fetch(url, hashes);
      return new FetchedMedia(file, type);
    } catch (FetchException e) {
      throw new MediaException("media could not be fetched: " + e.getMessage(), e.retryable(), e);
    }
  }

  private static Media inline(Dialog dialog, List<String> hashes, Optional<String> type) {
    byte[] bytes;
    try {
      bytes = dialog.bodyBytes().orElseThrow();
    } catch (VconException e) {
      throw new MediaException("the inline body does not decode: " + e.getMessage());
    }
    if (!hashes.isEmpty()) {
      try (InputStream in = VerifyingInputStream.of(new ByteArrayInputStream(bytes), hashes)) {
        in.transferTo(OutputSink.INSTANCE);
      } catch (IOException e) {
        throw new MediaException("inline media: " + e.getMessage(), false, e);
      }
    }
    return new Media() {
      @Override
      public InputStream open() {
        return new ByteArrayInputStream(bytes);
      }

      @Override
      public Optional<String> mediatype() {
        return type;
      }

      @Override
      public String origin() {
        return "inline";
      }

      @Override
      public void close() {}
    };
  }

  /**
   * Bucket media is content-addressed ({@code media/<sha512 token>}, written only by {@link
   * MediaStore#importObject}, which hashed it), so the key itself must be one of the dialog's
   * hashes. The bytes are still hashed once before use (streaming; a decoder might swallow an error
   * raised only at end of stream), and re-hashed on every later read as well.
   */
  private Media bucket(String key, List<String> hashes, Optional<String> type) {
    String addressed = key.substring("media/".length());
    if (!hashes.isEmpty() && !hashes.contains(addressed)) {
      throw new MediaException("the dialog's content_hash does not match its bucket media " + key);
    }
    List<String> expected = hashes.isEmpty() ? List.of(addressed) : hashes;
    try {
      ContentHash.parse(addressed);
    } catch (VconException e) {
      throw new MediaException("bucket media key is not content-addressed: " + key);
    }
    try (InputStream in = VerifyingInputStream.of(store.open(key), expected)) {
      in.transferTo(OutputSink.INSTANCE);
    } catch (FetchException e) {
      throw new MediaException("bucket media " + key + ": " + e.getMessage(), false, e);
    } catch (IOException | RuntimeException e) {
      throw new MediaException("bucket media " + key + " cannot be read", true, e);
    }
    return new Media() {
      @Override
      public InputStream open() {
        try {
          return VerifyingInputStream.of(store.open(key), expected);
        } catch (FetchException e) {
          throw new MediaException(e.getMessage());
        } catch (UncheckedIOException | io.conserver.platform.storage.BlobNotFoundException e) {
          throw new MediaException("bucket media " + key + " cannot be read", true, e);
        }
      }

      @Override
      public Optional<String> mediatype() {
        return type;
      }

      @Override
      public String origin() {
        return "bucket " + key;
      }

      @Override
      public Optional<String> key() {
        return Optional.of(key);
      }

      @Override
      public void close() {}
    };
  }

  private record FetchedMedia(VerifiedFile file, Optional<String> type) implements Media {
    @Override
    public InputStream open() {
      return file.open();
    }

    @Override
    public Optional<String> mediatype() {
      return type;
    }

    @Override
    public String origin() {
      return "fetched";
    }

    @Override
    public void close() {
      file.close();
    }
  }

  private static final class OutputSink extends java.io.OutputStream {
    static final OutputSink INSTANCE = new OutputSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
