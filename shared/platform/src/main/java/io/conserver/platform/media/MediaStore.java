package io.conserver.platform.media;

import io.conserver.platform.BucketLayout;
import io.conserver.platform.fetch.HashedFile;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobNotFoundException;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.HashingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tenant's content-addressed media: {@code media/<sha512 content_hash>}, stored once however
 * many vCons refer to it. A vCon refers to its media the way the draft wants external files
 * referred to, by an https {@code url} plus {@code content_hash}; the url is under the tenant's
 * media base (e.g. {@code https://media.conserver.invalid/<tenant>/}, or the bucket's own https
 * endpoint in the cloud), and {@link #keyOf} maps it back to the bucket, so Conserver streams its
 * own media with the tenant's credentials and never over the open network.
 */
public final class MediaStore {
  private final BlobStore store;
  private final String baseUrl;

  /**
   * @param baseUrl https base of this tenant's media references, ending with '/'
   */
  public MediaStore(BlobStore store, String baseUrl) {
    if (!baseUrl.startsWith("https://") || !baseUrl.endsWith("/")) {
      throw new IllegalArgumentException("the media base url must be https and end with '/'");
    }
    this.store = store;
    this.baseUrl = baseUrl;
  }

  /**
   * The default base for a tenant: a reserved name (RFC 2606 {@code .invalid}) that never resolves.
   */
  public static String defaultBaseUrl(String tenant) {
    return "https://media.conserver.invalid/" + tenant + "/";
  }

  /**
   * Copies an object of the bucket (an audio drop, say) into content-addressed media, streaming
   * twice: once to hash it, once to copy it. Memory stays constant whatever its size; copying the
   * same content again writes nothing.
   */
  public MediaRef importObject(String sourceKey, String contentType) {
    BlobMetadata source =
        store.head(sourceKey).orElseThrow(() -> new BlobNotFoundException(sourceKey));
    return put(
        () -> store.get(sourceKey),
        PutOptions.of(contentType).withMetadata("source-version", ascii(source.version())),
        contentType);
  }

  /**
   * Stores a local file (media a stage made itself, such as redacted audio) the same way: hashed,
   * then copied under its hash, both streaming; the same bytes again write nothing.
   */
  public MediaRef importFile(Path file, String contentType) {
    return put(
        () -> {
          try {
            return Files.newInputStream(file);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        PutOptions.of(contentType),
        contentType);
  }

  private MediaRef put(Supplier<InputStream> open, PutOptions options, String contentType) {
    ContentHash hash;
    long size;
    try (HashingInputStream in = HashingInputStream.sha512(open.get())) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      hash = in.sha512();
      size = in.byteCount();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String key = BucketLayout.mediaKey(hash.toString());
    if (store.head(key).isEmpty()) {
      try (InputStream in = open.get()) {
        store.putIfAbsent(key, in, size, options);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new MediaRef(key, hash, size, contentType, baseUrl + key);
  }

  /**
   * Stores media downloaded from a source system (its hash computed while it streamed to a
   * temporary file): one more stream, from that file to the bucket; nothing when the same content
   * is already stored.
   */
  public MediaRef importDownloaded(HashedFile file, String contentType, String source) {
    String key = BucketLayout.mediaKey(file.sha512().toString());
    if (store.head(key).isEmpty()) {
      try (InputStream in = file.open()) {
        store.putIfAbsent(
            key, in, file.size(), PutOptions.of(contentType).withMetadata("source", ascii(source)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new MediaRef(key, file.sha512(), file.size(), contentType, baseUrl + key);
  }

  /** The bucket key a url of this tenant's media base points at; empty for any other url. */
  public Optional<String> keyOf(String url) {
    if (url == null || !url.startsWith(baseUrl)) {
      return Optional.empty();
    }
    String key = url.substring(baseUrl.length());
    return key.startsWith("media/") && !key.contains("..") ? Optional.of(key) : Optional.empty();
  }

  /**
   * The key of media this tenant already holds under one of the given content hashes: the same
   * bytes, whatever url a vCon names for them, so they need not be fetched again.
   */
  public Optional<String> heldUnder(java.util.List<String> contentHashes) {
    for (String token : contentHashes) {
      ContentHash hash;
      try {
        hash = ContentHash.parse(token);
      } catch (io.conserver.vcon.VconException e) {
        continue; // not a hash, so it names nothing here
      }
      if (!"sha512".equals(hash.algorithm())) {
        continue; // media keys are SHA-512 hashes
      }
      String key = BucketLayout.mediaKey(hash.toString());
      if (store.head(key).isPresent()) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /**
   * Where the tenant's cloud services can read a media object (see {@link BlobStore#locationOf}).
   */
  public Optional<java.net.URI> locationOf(String key) {
    return store.locationOf(key);
  }

  /** Streams a media object; the caller closes it. */
  public InputStream open(String key) {
    return store.get(key);
  }

  private static String ascii(String value) {
    return value == null ? "" : value.replaceAll("[^\\x20-\\x7e]", "_");
  }
}
