package io.conserver.platform.storage;

import java.nio.charset.StandardCharsets;

/**
 * The one rule for object keys, the same for every store: they come from events and vCons, so they
 * are never trusted as paths. A key is 1-1024 UTF-8 bytes of '/'-separated segments, none empty,
 * none "." or "..", no leading '/', no backslash and no control characters.
 */
public final class BlobKeys {
  public static final int MAX_KEY_BYTES = 1024;

  private BlobKeys() {}

  /** Returns the key unchanged if valid, else throws {@link InvalidKeyException}. */
  public static String require(String key) {
    String problem = problem(key);
    if (problem != null) {
      throw new InvalidKeyException(problem);
    }
    return key;
  }

  public static boolean isValid(String key) {
    return problem(key) == null;
  }

  /** Whether a prefix could start a valid key (may be empty, may end with '/'). */
  public static String requirePrefix(String prefix) {
    if (prefix.isEmpty()) {
      return prefix;
    }
    String body = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    if (body.isEmpty()) {
      throw new InvalidKeyException("prefix must not start with '/'");
    }
    require(body);
    return prefix;
  }

  private static String problem(String key) {
    if (key == null || key.isEmpty()) {
      return "object key is empty";
    }
    // A UTF-8 char takes at most 3 bytes, so only a long key needs its bytes counted.
    if (key.length() * 3 > MAX_KEY_BYTES
        && key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      return "object key is longer than " + MAX_KEY_BYTES + " bytes";
    }
    if (key.startsWith("/")) {
      return "object key must not start with '/'";
    }
    int segmentStart = 0;
    for (int i = 0; i <= key.length(); i++) {
      char c = i < key.length() ? key.charAt(i) : '/';
      if (c < 0x20 || c == 0x7f) {
        return "object key contains a control character";
      }
      if (c == '\\') {
        return "object key contains a backslash";
      }
      if (c == '/') {
        String segmentProblem = segmentProblem(key, segmentStart, i);
        if (segmentProblem != null) {
          return segmentProblem;
        }
        segmentStart = i + 1;
      }
    }
    return null;
  }

  private static String segmentProblem(String key, int start, int end) {
    int length = end - start;
    if (length == 0) {
      return "object key has an empty segment ('//' or a trailing '/')";
    }
    if (key.charAt(start) == '.'
        && (length == 1 || (length == 2 && key.charAt(start + 1) == '.'))) {
      return "object key has a '.' or '..' segment";
    }
    return null;
  }
}
