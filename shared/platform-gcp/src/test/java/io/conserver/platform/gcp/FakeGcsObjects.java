package io.conserver.platform.gcp;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state behind {@link FakeGcsServer}: one bucket's live objects and open resumable sessions.
 * Every check-and-set (precondition then write, or delete) happens under one lock, which is what
 * GCS guarantees per object and what the contract's concurrent create-if-absent test relies on.
 */
final class FakeGcsObjects {
  /** One object generation; the bytes are never changed after commit. */
  record StoredObject(
      String name,
      byte[] data,
      long generation,
      String contentType,
      Map<String, String> metadata,
      Instant updated) {}

  /**
   * A write's preconditions; only {@code ifGenerationMatch} is implemented (0 = must not exist).
   */
  record Preconditions(Long ifGenerationMatch) {
    boolean holdFor(StoredObject current) {
      if (ifGenerationMatch == null) {
        return true;
      }
      if (ifGenerationMatch == 0) {
        return current == null;
      }
      return current != null && current.generation() == ifGenerationMatch;
    }
  }

  /** What a resumable session knows before its commit. */
  static final class Session {
    final String name;
    final String contentType;
    final Map<String, String> metadata;
    final Preconditions preconditions;
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    StoredObject committed;

    Session(
        String name, String contentType, Map<String, String> metadata, Preconditions conditions) {
      this.name = name;
      this.contentType = contentType;
      this.metadata = Map.copyOf(metadata);
      this.preconditions = conditions;
    }
  }

  /** Thrown when a precondition does not hold: the server answers 412. */
  static final class PreconditionFailed extends Exception {
    private static final long serialVersionUID = 1L;
  }

  // GCS lists in UTF-8 byte order, which is code point order (not Java's UTF-16 String order).
  private final NavigableMap<String, StoredObject> objects =
      new TreeMap<>(FakeGcsObjects::compareCodePoints);
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  // Real generations are microsecond timestamps; all that matters is that each write gets a new,
  // larger one.
  private long lastGeneration = 1_700_000_000_000_000L;

  synchronized StoredObject get(String name) {
    return objects.get(name);
  }

  synchronized StoredObject commit(
      String name,
      byte[] data,
      String contentType,
      Map<String, String> metadata,
      Preconditions preconditions)
      throws PreconditionFailed {
    if (!preconditions.holdFor(objects.get(name))) {
      throw new PreconditionFailed();
    }
    StoredObject object =
        new StoredObject(
            name,
            data,
            ++lastGeneration,
            contentType,
            Map.copyOf(metadata),
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
    objects.put(name, object);
    return object;
  }

  synchronized void check(String name, Preconditions preconditions) throws PreconditionFailed {
    if (!preconditions.holdFor(objects.get(name))) {
      throw new PreconditionFailed();
    }
  }

  synchronized boolean delete(String name, Preconditions preconditions) throws PreconditionFailed {
    check(name, preconditions);
    return objects.remove(name) != null;
  }

  /** Up to {@code limit} objects with the prefix whose names sort after {@code after}. */
  synchronized List<StoredObject> list(String prefix, String after, int limit) {
    NavigableMap<String, StoredObject> tail =
        after == null ? objects.tailMap(prefix, true) : objects.tailMap(after, false);
    List<StoredObject> page = new ArrayList<>();
    for (StoredObject object : tail.values()) {
      if (!object.name().startsWith(prefix) || page.size() == limit) {
        break;
      }
      page.add(object);
    }
    return page;
  }

  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  String open(Session session) {
    String id = UUID.randomUUID().toString();
    sessions.put(id, session);
    return id;
  }

  Session session(String id) {
    return sessions.get(id);
  }

  int openSessions() {
    return (int) sessions.values().stream().filter(s -> s.committed == null).count();
  }
}
