package io.conserver.platform.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A bucket as a folder. Writes go to a temporary file first and are then renamed into place, so
 * readers never see a partial object; create-if-absent links the finished temporary file to the
 * key, which fails atomically when the key exists. Content type and user metadata live in a sidecar
 * JSON file under a separate metadata folder (only where they differ from what the key implies), so
 * listing the bucket shows only objects; the version token is derived from the file itself.
 */
public final class FileSystemBlobStore implements BlobStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String bucket;
  private final Path objects;
  private final Path metadata;

  /**
   * Staging names: a random prefix per store instance (two processes may share the folder) and a
   * counter. {@link Files#createTempFile} would draw from SecureRandom on every write; the file is
   * still created exclusively (CREATE_NEW), so a clash fails instead of sharing a file.
   */
  private final String stagingPrefix =
      Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + "-";

  private final java.util.concurrent.atomic.AtomicLong stagingCounter =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * Staging files spread over this many subfolders by writing thread. Creating or removing a file
   * holds its folder's lock for the whole inode allocation, and every object written goes through
   * staging twice (create, then remove): with one staging folder all writing threads queued on one
   * lock. When allocation is slow (an ext4 without a journal in the minutes after a mass deletion)
   * the kernel's spinning on that lock took 14 % of the machine's CPU under sustained ingest; with
   * the shards, 0.1 % (docs/BENCHMARKS.md).
   */
  private static final int STAGING_SHARDS = 16;

  private final Path[] stagingShards = new Path[STAGING_SHARDS];

  /**
   * @param bucket the bucket name events carry
   * @param objects folder holding the objects, one file per key
   * @param metadata folder for sidecars and staging files; must be on the same file system
   */
  public FileSystemBlobStore(String bucket, Path objects, Path metadata) {
    this.bucket = bucket;
    this.objects = objects.toAbsolutePath().normalize();
    this.metadata = metadata.toAbsolutePath().normalize();
    Path staging = this.metadata.resolve(".staging");
    try {
      Files.createDirectories(this.objects);
      for (int shard = 0; shard < STAGING_SHARDS; shard++) {
        stagingShards[shard] = Files.createDirectories(staging.resolve(Integer.toString(shard)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String bucket() {
    return bucket;
  }

  /** The folder holding the objects. */
  public Path root() {
    return objects;
  }

  @Override
  public Optional<BlobMetadata> head(String key) {
    Path file = objectPath(key);
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        return Optional.empty();
      }
      return Optional.of(describe(key, attributes));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("cannot read metadata of " + key, e);
    }
  }

  @Override
  public InputStream get(String key) {
    Path file = objectPath(key);
    if (!Files.isRegularFile(file)) {
      throw new BlobNotFoundException(key);
    }
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(key);
    } catch (IOException e) {
      throw new StorageException("cannot read " + key, e);
    }
  }

  @Override
  public BlobMetadata put(String key, InputStream content, long length, PutOptions options) {
    Path target = objectPath(key);
    Path temp = stage(content, length, key);
    try {
      ensureFolder(target.getParent());
      writeSidecar(key, options);
      move(temp, target);
      return describe(key, Files.readAttributes(target, BasicFileAttributes.class), options);
    } catch (IOException e) {
      throw new StorageException("cannot write " + key, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  @Override
  public Optional<BlobMetadata> putIfAbsent(
      String key, InputStream content, long length, PutOptions options) {
    Path target = objectPath(key);
    if (Files.exists(target)) {
      return Optional.empty();
    }
    if (length == 0 && options.equals(implied(key))) {
      // An empty object whose key implies its metadata (index entries, markers) is complete the
      // moment it exists: an exclusive create alone is atomic, one file-system operation where
      // staging, linking and removing the staging file take three, several times per vCon.
      requireEnd(content, key);
      return createExclusively(key, target, options, () -> Files.createFile(target));
    }
    Path temp = stage(content, length, key);
    try {
      return createExclusively(key, target, options, () -> Files.createLink(target, temp));
    } finally {
      deleteQuietly(temp);
    }
  }

  /** Creates the object's file, failing atomically when it exists. */
  @FunctionalInterface
  private interface ExclusiveCreation {
    void create() throws IOException;
  }

  private Optional<BlobMetadata> createExclusively(
      String key, Path target, PutOptions options, ExclusiveCreation creation) {
    try {
      ensureFolder(target.getParent());
      try {
        creation.create();
      } catch (FileAlreadyExistsException e) {
        return Optional.empty();
      }
      writeSidecar(key, options);
      return Optional.of(
          describe(key, Files.readAttributes(target, BasicFileAttributes.class), options));
    } catch (IOException e) {
      throw new StorageException("cannot write " + key, e);
    }
  }

  private static void requireEnd(InputStream content, String key) {
    try {
      if (content.read() != -1) {
        throw new StorageException("stream for " + key + " is longer than its declared 0 bytes");
      }
    } catch (IOException e) {
      throw new StorageException("cannot read the content of " + key, e);
    }
  }

  @Override
  public List<BlobMetadata> list(String prefix) {
    BlobKeys.requirePrefix(prefix);
    // Walk only the deepest folder the prefix names, not the whole bucket.
    int slash = prefix.lastIndexOf('/');
    Path start = slash < 0 ? objects : objects.resolve(prefix.substring(0, slash));
    if (!Files.isDirectory(start)) {
      return List.of();
    }
    List<BlobMetadata> result = new ArrayList<>();
    try (Stream<Path> files = Files.walk(start)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String key = keyOf(file);
        if (key.startsWith(prefix) && BlobKeys.isValid(key)) {
          head(key).ifPresent(result::add);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of(); // the folder went away while listing
    } catch (IOException e) {
      throw new StorageException("cannot list " + prefix, e);
    }
    result.sort(Comparator.comparing(BlobMetadata::key));
    return result;
  }

  @Override
  public boolean delete(String key) {
    Path file = objectPath(key);
    try {
      boolean existed = Files.deleteIfExists(file);
      Files.deleteIfExists(sidecarPath(key));
      return existed;
    } catch (IOException e) {
      throw new StorageException("cannot delete " + key, e);
    }
  }

  private Path objectPath(String key) {
    BlobKeys.require(key);
    Path file = objects.resolve(key).normalize();
    if (!file.startsWith(objects) || file.equals(objects)) {
      throw new InvalidKeyException("object key leaves the bucket folder");
    }
    return file;
  }

  private Path sidecarPath(String key) {
    return metadata.resolve(key + ".meta.json").normalize();
  }

  private String keyOf(Path file) {
    return objects.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }

  private Path stage(InputStream content, long length, String key) {
    try {
      Path temp = stagingFile("put-");
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
        long copied = content.transferTo(out);
        if (length >= 0 && copied != length) {
          deleteQuietly(temp);
          throw new StorageException(
              "stream for " + key + " ended after " + copied + " of " + length + " bytes");
        }
      }
      return temp;
    } catch (IOException e) {
      throw new StorageException("cannot stage " + key, e);
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private Path stagingFile(String kind) {
    Path shard = stagingShards[(int) (Thread.currentThread().getId() % STAGING_SHARDS)];
    return shard.resolve(kind + stagingPrefix + stagingCounter.incrementAndGet() + ".tmp");
  }

  /** Creates the folder unless it exists: a stat, where createDirectories fails on mkdir first. */
  private static void ensureFolder(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(folder);
    }
  }

  /**
   * What an object without a sidecar is, from its key: a vCon for {@code .vcon.json}, JSON for
   * other {@code .json} keys, raw bytes otherwise. Most objects the platform writes (index entries,
   * submitted vCons, metering records) match, so they cost one file, not two.
   */
  static PutOptions implied(String key) {
    if (key.endsWith(".vcon.json")) {
      return PutOptions.VCON;
    }
    return key.endsWith(".json") ? PutOptions.JSON : PutOptions.BINARY;
  }

  /**
   * Writes the object's sidecar; with the metadata its key implies, which is what a missing sidecar
   * means, only a stale one is removed.
   */
  private void writeSidecar(String key, PutOptions options) throws IOException {
    if (options.equals(implied(key))) {
      Files.deleteIfExists(sidecarPath(key));
      return;
    }
    ObjectNode sidecar = JSON.createObjectNode();
    sidecar.put("contentType", options.contentType());
    ObjectNode user = sidecar.putObject("userMetadata");
    options.userMetadata().forEach(user::put);
    Path file = sidecarPath(key);
    ensureFolder(file.getParent());
    Path temp = stagingFile("meta-");
    try {
      Files.write(temp, JSON.writeValueAsBytes(sidecar), StandardOpenOption.CREATE_NEW);
      move(temp, file);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    }
  }

  private BlobMetadata describe(String key, BasicFileAttributes attributes) throws IOException {
    Path sidecar = sidecarPath(key);
    String contentType = implied(key).contentType();
    String version = version(attributes);
    Map<String, String> user = new HashMap<>();
    if (Files.isRegularFile(sidecar)) {
      JsonNode json = JSON.readTree(sidecar.toFile());
      contentType = json.path("contentType").asText(contentType);
      json.path("userMetadata")
          .properties()
          .forEach(e -> user.put(e.getKey(), e.getValue().asText()));
    }
    return describe(key, attributes, version, new PutOptions(contentType, user));
  }

  /**
   * The version is derived from the file itself (its inode, modification time and size), never from
   * the sidecar: a write event and a listing made while the sidecar is still being written then
   * agree, and a replacement (a rename of a new file) always changes it.
   */
  private static String version(BasicFileAttributes attributes) {
    Object inode = attributes.fileKey();
    return Integer.toHexString(String.valueOf(inode).hashCode())
        + "-"
        + attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)
        + "-"
        + attributes.size();
  }

  private static BlobMetadata describe(
      String key, BasicFileAttributes attributes, PutOptions options) {
    return describe(key, attributes, version(attributes), options);
  }

  private static BlobMetadata describe(
      String key, BasicFileAttributes attributes, String version, PutOptions options) {
    Instant modified = attributes.lastModifiedTime().toInstant();
    return new BlobMetadata(
        key, attributes.size(), options.contentType(), version, modified, options.userMetadata());
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A leftover staging file is harmless; the staging folder is not part of the bucket.
    }
  }
}
