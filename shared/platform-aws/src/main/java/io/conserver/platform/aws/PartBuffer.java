package io.conserver.platform.aws;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The one part of a stream held in memory. It starts small and grows up to the part size, so a
 * small stream of unknown length does not cost a whole part's allocation; the body it gives a
 * request can be re-sent for retries without copying.
 */
final class PartBuffer {
  private static final int INITIAL = 64 * 1024;

  private final int capacity;
  private byte[] bytes;
  private int size;

  PartBuffer(int capacity) {
    this.capacity = capacity;
    this.bytes = new byte[Math.min(INITIAL, capacity)];
  }

  /** Replaces the contents with the next bytes of {@code in}, up to capacity; returns the count. */
  int fill(InputStream in) throws IOException {
    size = 0;
    while (size < capacity) {
      if (size == bytes.length) {
        bytes = Arrays.copyOf(bytes, (int) Math.min(capacity, 2L * bytes.length));
      }
      int n = in.read(bytes, size, bytes.length - size);
      if (n < 0) {
        break;
      }
      size += n;
    }
    return size;
  }

  int size() {
    return size;
  }

  boolean isFull() {
    return size == capacity;
  }

  /** The current contents as a request body (signed, replayable); valid until the next fill. */
  SignedHttp.Body body() {
    return SignedHttp.Body.bytes(bytes, size);
  }
}
