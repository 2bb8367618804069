package io.conserver.server;

import io.conserver.local.runtime.BackgroundPriority;
import io.conserver.local.runtime.LocalRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Picks up what other processes drop into the pipelines' inboxes ({@code conserver ingest} while
 * the server runs) through the OS's file notifications, so no folder is listed per tick: the cost
 * is per new object, not per stored object. The server's own writes are routed to the stages
 * directly and recorded in the tenant's {@code ownWrites}, so their notifications cost a map
 * lookup. A foreign object is checked after a short settling delay (queued or handled objects are
 * skipped by the runtime). When the OS drops notifications (overflow), the runtime lists its inputs
 * again.
 */
final class InputWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(InputWatcher.class);

  /** Time for a write made through the runtime to be recorded before its notification counts. */
  private static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /** Own writes whose notification never came (lost in an overflow) are forgotten after this. */
  private static final long FORGET_NANOS = TimeUnit.SECONDS.toNanos(60);

  private record Target(LocalRuntime runtime, String prefix, Map<String, Long> ownWrites) {}

  private record Seen(Target target, String key, long at) {}

  private final WatchService service;
  private final Map<WatchKey, Target> targets = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean closed;

  InputWatcher(int nice) {
    try {
      this.service = FileSystems.getDefault().newWatchService();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.thread =
        new Thread(
            () -> {
              BackgroundPriority.lowerCurrentThread(nice);
              loop();
            },
            "conserver-input-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  /** Watches the given input folders of the runtime (created if missing; flat, by layout). */
  void watch(
      LocalRuntime runtime,
      Path bucketFolder,
      Collection<String> prefixes,
      Map<String, Long> ownWrites) {
    for (String prefix : prefixes) {
      Path folder = bucketFolder.resolve(prefix);
      try {
        Files.createDirectories(folder);
        WatchKey key = folder.register(service, StandardWatchEventKinds.ENTRY_CREATE);
        targets.put(key, new Target(runtime, prefix, ownWrites));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot watch " + folder, e);
      }
    }
  }

  private void loop() {
    Deque<Seen> waiting = new ArrayDeque<>();
    Set<LocalRuntime> overflowed = new LinkedHashSet<>();
    long lastSweep = System.nanoTime();
    while (!closed) {
      try {
        WatchKey key = service.poll(100, TimeUnit.MILLISECONDS);
        long now = System.nanoTime();
        while (key != null) {
          Target target = targets.get(key);
          for (WatchEvent<?> event : key.pollEvents()) {
            if (target == null) {
              continue;
            }
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
              overflowed.add(target.runtime());
            } else if (event.context() instanceof Path name) {
              String objectKey = target.prefix() + name;
              if (target.ownWrites().remove(objectKey) == null) {
                waiting.add(new Seen(target, objectKey, now));
              }
            }
          }
          key.reset();
          key = service.poll();
        }
        for (LocalRuntime runtime : overflowed) {
          LOG.debug("file notifications overflowed: listing the inputs again");
          runtime.resume();
        }
        overflowed.clear();
        while (!waiting.isEmpty() && now - waiting.peekFirst().at() >= SETTLE_NANOS) {
          pickUp(waiting.pollFirst());
        }
        if (now - lastSweep > FORGET_NANOS) {
          lastSweep = now;
          for (Target target : targets.values()) {
            target.ownWrites().values().removeIf(at -> now - at > FORGET_NANOS);
          }
        }
      } catch (ClosedWatchServiceException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("input watcher: " + e, e);
      }
    }
  }

  private static void pickUp(Seen seen) {
    if (seen.target().ownWrites().remove(seen.key()) != null) {
      return; // written by this server just after its notification came: routed already
    }
    try {
      if (seen.target().runtime().pickUp(seen.key())) {
        LOG.debugf("picked up a new object in %s", seen.target().prefix());
      }
    } catch (RuntimeException e) {
      // A name that is not a valid key, or an object gone again: nothing to process.
      LOG.debugf("ignored a file in %s: %s", seen.target().prefix(), e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      service.close();
    } catch (IOException e) {
      LOG.debug("closing the watch service", e);
    }
  }
}
