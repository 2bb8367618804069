package io.conserver.platform.aws;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails the upload when a stream is shorter or longer than its declared length. The SDK sends
 * exactly {@code length} bytes and would silently truncate a longer stream, so the check for extra
 * bytes happens before the last byte is handed over: the request is then incomplete and the store
 * writes nothing.
 */
final class ExactLengthInputStream extends FilterInputStream {
  private final long length;
  private final String key;
  private long remaining;
  private long markedRemaining;

  ExactLengthInputStream(InputStream in, long length, String key) {
    super(in);
    this.length = length;
    this.key = key;
    this.remaining = length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int count) throws IOException {
    if (count == 0) {
      return 0;
    }
    if (remaining == 0) {
      return -1;
    }
    int n = in.read(buffer, offset, (int) Math.min(count, remaining));
    if (n < 0) {
      throw new IOException(
          "stream for "
              + key
              + " ended after "
              + (length - remaining)
              + " of "
              + length
              + " bytes");
    }
    remaining -= n;
    if (remaining == 0 && in.read() >= 0) {
      throw new IOException(
          "stream for " + key + " is longer than the declared " + length + " bytes");
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipping would bypass the count; the SDK never skips a request body.
    throw new IOException("skip is not supported");
  }

  // Mark and reset let the SDK resend the body when an attempt fails (it marks before sending).

  @Override
  public boolean markSupported() {
    return in.markSupported();
  }

  @Override
  public synchronized void mark(int readLimit) {
    in.mark(readLimit);
    markedRemaining = remaining;
  }

  @Override
  public synchronized void reset() throws IOException {
    in.reset();
    remaining = markedRemaining;
  }
}
