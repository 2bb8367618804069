package io.conserver.platform.fetch;

import io.conserver.vcon.ContentHash;
import io.conserver.vcon.HashingInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Passes bytes through while hashing them and, at end of stream, fails with {@link
 * FetchException.Reason#HASH_MISMATCH} unless they match one of the expected {@code content_hash}
 * tokens. A reader that stops early never sees a verdict, so callers that must not act on
 * unverified bytes read to the end first (as {@link GuardedFetcher} does into a temporary file).
 */
public final class VerifyingInputStream extends FilterInputStream {
  private final List<ContentHash> expected;
  private final HashingInputStream hashing;
  private boolean verified;

  private VerifyingInputStream(HashingInputStream hashing, List<ContentHash> expected) {
    super(hashing);
    this.hashing = hashing;
    this.expected = expected;
  }

  /**
   * @param tokens the vCon's {@code content_hash} tokens; at least one must be of an algorithm this
   *     library computes (sha512, sha384, sha256)
   * @throws FetchException with reason NO_HASH when none is
   */
  public static VerifyingInputStream of(InputStream in, List<String> tokens) throws FetchException {
    List<ContentHash> expected;
    try {
      expected =
          tokens.stream()
              .map(ContentHash::parse)
              .filter(h -> ContentHash.isSupported(h.algorithm()))
              .toList();
    } catch (RuntimeException e) {
      throw new FetchException(
          FetchException.Reason.NO_HASH, "content_hash is malformed: " + e.getMessage());
    }
    if (expected.isEmpty()) {
      throw new FetchException(
          FetchException.Reason.NO_HASH,
          "no content_hash of a supported algorithm (sha512, sha384, sha256) to verify against");
    }
    List<String> algorithms = expected.stream().map(ContentHash::algorithm).distinct().toList();
    return new VerifyingInputStream(new HashingInputStream(in, algorithms), expected);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      verify();
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n < 0) {
      verify();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    return hashing.skip(n);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Bytes read so far. */
  public long byteCount() {
    return hashing.byteCount();
  }

  /** The SHA-512 of the bytes, when sha512 was among the expected algorithms. */
  public ContentHash hash(String algorithm) {
    return hashing.hash(algorithm);
  }

  private void verify() throws FetchException {
    if (verified) {
      return;
    }
    for (ContentHash hash : expected) {
      if (hash.equals(hashing.hash(hash.algorithm()))) {
        verified = true;
        return;
      }
    }
    throw new FetchException(
        FetchException.Reason.HASH_MISMATCH,
        "the bytes ("
            + hashing.byteCount()
            + ") do not match content_hash "
            + expected.get(0).algorithm()
            + "-"
            + abbreviate(expected.get(0).digest()));
  }

  private static String abbreviate(String digest) {
    return digest.length() > 12 ? digest.substring(0, 12) + "…" : digest;
  }
}
