package io.conserver.vcon;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes content hashes of whatever passes through it, so media can be hashed while it is being
 * copied or decoded, in one pass and in constant memory.
 */
public final class HashingInputStream extends FilterInputStream {
  private final Map<String, MessageDigest> digests = new LinkedHashMap<>();
  private long count;

  public HashingInputStream(InputStream in, List<String> algorithms) {
    super(in);
    for (String algorithm : algorithms) {
      digests.putIfAbsent(algorithm, ContentHash.newDigest(algorithm));
    }
  }

  /** A stream computing SHA-512, the draft's mandatory algorithm. */
  public static HashingInputStream sha512(InputStream in) {
    return new HashingInputStream(in, List.of(ContentHash.SHA512));
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      digests.values().forEach(d -> d.update((byte) b));
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      digests.values().forEach(d -> d.update(buffer, offset, n));
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes would be missing from the hash: read them instead.
    byte[] buffer = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Bytes read so far. */
  public long byteCount() {
    return count;
  }

  /** The hash of everything read so far; call once the stream is drained. */
  public ContentHash hash(String algorithm) {
    MessageDigest digest = digests.get(algorithm);
    if (digest == null) {
      throw new IllegalArgumentException("this stream does not compute " + algorithm);
    }
    try {
      return ContentHash.fromDigest(algorithm, ((MessageDigest) digest.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("digest cannot be cloned", e);
    }
  }

  /** SHA-512 of everything read so far. */
  public ContentHash sha512() {
    return hash(ContentHash.SHA512);
  }
}
