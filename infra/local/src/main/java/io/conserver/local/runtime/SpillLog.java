package io.conserver.local.runtime;

import io.conserver.platform.events.ObjectCreated;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A stage's overflow queue on disk: the events a stage could not keep in memory (its queue was at
 * its bound), appended in arrival order and taken back in that order as the queue drains. A backlog
 * of any length then costs a few dozen bytes of disk per event instead of heap, whose collector
 * would otherwise copy the whole backlog at every young collection.
 *
 * <p>It is not a durable queue and needs not be: every event in it names an object that is in the
 * bucket and not handled, which is what the runtime's resume listing finds after a crash. So each
 * process writes its own file under {@code .runtime/spill/}, holds a lock on it while it lives, and
 * a new log deletes the files no live process holds. Not thread-safe: the stage worker calls it
 * under its own lock.
 */
final class SpillLog implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final String tenant;
  private final String bucket;
  private DataOutputStream out;
  private DataInputStream in;
  private long count;

  SpillLog(Path folder, String name, String tenant, String bucket) throws IOException {
    Files.createDirectories(folder);
    this.file = Files.createTempFile(folder, name + "-", ".spill");
    this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
    this.lock = channel.lock();
    this.tenant = tenant;
    this.bucket = bucket;
    open();
  }

  /**
   * Deletes the files of processes that are gone (no lock held on them): their events are in the
   * bucket, unhandled, for the resume listing. Best effort: a file that cannot be read stays.
   */
  static void deleteAbandoned(Path folder) {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.spill")) {
      for (Path candidate : files) {
        try (FileChannel other = FileChannel.open(candidate, StandardOpenOption.WRITE)) {
          FileLock held = other.tryLock();
          if (held != null) {
            held.release();
            Files.deleteIfExists(candidate);
          }
        } catch (OverlappingFileLockException e) {
          // held by this process: another stage's live log
        }
      }
    } catch (IOException e) {
      // left for the next start
    }
  }

  private void open() throws IOException {
    out =
        new DataOutputStream(
            new BufferedOutputStream(
                Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)));
    in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
  }

  boolean isEmpty() {
    return count == 0;
  }

  long size() {
    return count;
  }

  void append(ObjectCreated event) throws IOException {
    out.writeUTF(event.key());
    out.writeUTF(event.version() == null ? "" : event.version());
    out.writeLong(event.size());
    out.flush(); // the reader reads the file, not this buffer
    count++;
  }

  /** The oldest event; the file starts over once the last one is taken. */
  ObjectCreated take() throws IOException {
    if (count == 0) {
      throw new IllegalStateException("the spill log is empty");
    }
    String key = in.readUTF();
    String version = in.readUTF();
    long size = in.readLong();
    if (--count == 0) {
      out.close();
      in.close();
      open();
    }
    return new ObjectCreated(tenant, bucket, key, size, version.isEmpty() ? null : version);
  }

  /** Forgets every event in it (after a read failed: they stay in the bucket for a resume). */
  void clear() {
    count = 0;
    try {
      out.close();
      in.close();
      open();
    } catch (IOException e) {
      // the worker no longer uses a log it could not read; close() removes the file
    }
  }

  @Override
  public void close() throws IOException {
    try {
      out.close();
      in.close();
      lock.release();
      channel.close();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
