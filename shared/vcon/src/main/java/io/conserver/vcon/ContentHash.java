package io.conserver.vcon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A vCon {@code content_hash} token: a lowercase algorithm name, a hyphen and the base64url
 * (unpadded) digest, e.g. {@code sha512-GLy6IPa...}. Hashing always streams in fixed-size chunks,
 * so memory stays constant whatever the size of the media.
 */
public final class ContentHash {
  /** The algorithm the draft makes mandatory. */
  public static final String SHA512 = "sha512";

  private static final Map<String, String> JCA_NAMES =
      Map.of("sha512", "SHA-512", "sha384", "SHA-384", "sha256", "SHA-256");

  private static final Pattern TOKEN = Pattern.compile("([a-z0-9]+)-([A-Za-z0-9_-]+)");

  // Most hashed objects are small documents: start with a small buffer, take the large one only
  // once a stream fills it (media), so hashing a 1 KB vCon does not allocate 64 KB.
  private static final int FIRST_CHUNK = 8 * 1024;
  private static final int CHUNK = 64 * 1024;

  private final String algorithm;
  private final String digest;

  private ContentHash(String algorithm, String digest) {
    this.algorithm = algorithm;
    this.digest = digest;
  }

  /**
   * Parses a token.
   *
   * @throws VconException when the token is not {@code alg-base64url}, or the digest length does
   *     not fit a known algorithm
   */
  public static ContentHash parse(String token) {
    Objects.requireNonNull(token, "token");
    var matcher = TOKEN.matcher(token);
    if (!matcher.matches()) {
      throw new VconException(
          "content_hash must be a lowercase algorithm, '-', and a base64url digest without padding");
    }
    String algorithm = matcher.group(1);
    String digest = matcher.group(2);
    Integer expected = expectedDigestChars(algorithm);
    if (expected != null && digest.length() != expected) {
      throw new VconException(
          "a "
              + algorithm
              + " content_hash has "
              + expected
              + " digest characters, not "
              + digest.length());
    }
    return new ContentHash(algorithm, digest);
  }

  /** Whether this library can compute the algorithm (sha512, sha384, sha256). */
  public static boolean isSupported(String algorithm) {
    return JCA_NAMES.containsKey(algorithm);
  }

  /** Base64url length of a digest of a known algorithm, or null for unknown ones. */
  public static Integer expectedDigestChars(String algorithm) {
    switch (algorithm) {
      case "sha512":
        return 86;
      case "sha384":
        return 64;
      case "sha256":
        return 43;
      default:
        return null;
    }
  }

  /** SHA-512 of everything the stream yields; the stream is read to its end but not closed. */
  public static ContentHash sha512(InputStream in) throws IOException {
    return of(SHA512, in);
  }

  public static ContentHash sha512(byte[] bytes) {
    MessageDigest digest = newDigest(SHA512);
    return fromDigest(SHA512, digest.digest(bytes));
  }

  public static ContentHash sha512(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return sha512(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Hash of a stream with the given algorithm, in constant memory. */
  public static ContentHash of(String algorithm, InputStream in) throws IOException {
    MessageDigest digest = newDigest(algorithm);
    byte[] buffer = new byte[FIRST_CHUNK];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      digest.update(buffer, 0, n);
      if (n == buffer.length && buffer.length < CHUNK) {
        buffer = new byte[CHUNK];
      }
    }
    return fromDigest(algorithm, digest.digest());
  }

  /**
   * Whether the stream matches at least one of the tokens this library can compute; tokens of
   * unknown algorithms are skipped, and a list with none it can compute never matches.
   */
  public static boolean matches(InputStream in, List<String> tokens) throws IOException {
    List<ContentHash> expected = tokens.stream().map(ContentHash::parse).toList();
    HashingInputStream hashing =
        new HashingInputStream(
            in,
            expected.stream()
                .map(ContentHash::algorithm)
                .filter(ContentHash::isSupported)
                .toList());
    hashing.transferTo(OutputStreamSink.INSTANCE);
    for (ContentHash hash : expected) {
      if (isSupported(hash.algorithm()) && hash.equals(hashing.hash(hash.algorithm()))) {
        return true;
      }
    }
    return false;
  }

  static ContentHash fromDigest(String algorithm, byte[] digest) {
    return new ContentHash(
        algorithm, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
  }

  static MessageDigest newDigest(String algorithm) {
    String jca = JCA_NAMES.get(algorithm.toLowerCase(Locale.ROOT));
    if (jca == null) {
      throw new VconException("unsupported content_hash algorithm: " + algorithm);
    }
    try {
      return MessageDigest.getInstance(jca);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + jca, e);
    }
  }

  public String algorithm() {
    return algorithm;
  }

  /** The base64url digest, without padding. */
  public String digest() {
    return digest;
  }

  @Override
  public String toString() {
    return algorithm + "-" + digest;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ContentHash hash
        && hash.algorithm.equals(algorithm)
        && MessageDigest.isEqual(hash.digest.getBytes(), digest.getBytes());
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, digest);
  }

  /** Discards bytes; used to drain a stream through a hashing filter. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
