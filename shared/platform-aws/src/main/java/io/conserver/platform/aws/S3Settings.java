package io.conserver.platform.aws;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * How to reach one S3 or S3-compatible store. Holds no credentials (see {@link S3BlobStoreProvider}
 * for where they come from), so nothing here is secret and {@link #toString()} is safe to log.
 *
 * @param region signing region (Lambda sets AWS_REGION); the s3 store refuses to start without one,
 *     an SDK client falls back to the SDK's region chain
 * @param endpoint custom endpoint of an S3-compatible store (MinIO, Ceph RGW, s3proxy), or null for
 *     AWS itself
 * @param pathStyle address buckets as {@code endpoint/bucket/key} rather than {@code
 *     bucket.endpoint/key}; most on-premise stores need it (no wildcard DNS or certificate)
 * @param caBundle PEM file of the certificates to trust for TLS instead of the JDK's, for stores
 *     behind a private or self-signed CA; null for the JDK's default trust
 * @param checksums for SDK clients built by {@link S3ClientFactory} only: send CRC32 checksums with
 *     every write (the SDK's default); turn off for stores that reject the SDK's aws-chunked
 *     checksum trailers (older Ceph RGW and similar). The s3 store never sends aws-chunked bodies:
 *     it signs an in-memory body's SHA-256, which the store verifies.
 * @param partSize bytes per multipart part for streams of unknown length, at least 5 MiB (the S3
 *     minimum); also the most memory one write holds
 */
public record S3Settings(
    String region,
    URI endpoint,
    boolean pathStyle,
    Path caBundle,
    boolean checksums,
    int partSize) {
  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
  public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

  /** Region used for a custom endpoint when none is configured: S3-compatible stores accept any. */
  static final String COMPATIBLE_DEFAULT_REGION = "us-east-1";

  public S3Settings {
    if (endpoint != null) {
      String scheme = endpoint.getScheme();
      if (!endpoint.isAbsolute()
          || endpoint.getHost() == null
          || !("http".equals(scheme) || "https".equals(scheme))) {
        throw new IllegalArgumentException(
            "S3 endpoint must be an absolute http(s) URI with a host");
      }
      // Credentials in the URI would end up in logs and exception messages.
      if (endpoint.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "S3 endpoint must not carry credentials; use the AWS default credentials chain");
      }
    }
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException("part size must be at least " + MIN_PART_SIZE + " bytes");
    }
  }

  /** AWS S3 in a region (null: the SDK's default region chain), virtual-hosted addressing. */
  public static S3Settings aws(String region) {
    return new S3Settings(region, null, false, null, true, DEFAULT_PART_SIZE);
  }

  /** An S3-compatible store at {@code endpoint}, path-style addressing. */
  public static S3Settings compatible(URI endpoint) {
    return new S3Settings(COMPATIBLE_DEFAULT_REGION, endpoint, true, null, true, DEFAULT_PART_SIZE);
  }

  /**
   * Reads {@code CONSERVER_S3_ENDPOINT}, {@code CONSERVER_S3_REGION} (else {@code AWS_REGION},
   * {@code AWS_DEFAULT_REGION}), {@code CONSERVER_S3_PATH_STYLE}, {@code CONSERVER_S3_CA_BUNDLE},
   * {@code CONSERVER_S3_CHECKSUMS} and {@code CONSERVER_S3_PART_SIZE_MB}. Unset means the default
   * of {@link #aws} or, with an endpoint, of {@link #compatible}.
   */
  public static S3Settings fromEnvironment(Map<String, String> env) {
    String endpoint = blankToNull(env.get("CONSERVER_S3_ENDPOINT"));
    S3Settings settings = endpoint == null ? aws(null) : compatible(URI.create(endpoint));
    String region =
        firstSet(env, settings.region, "CONSERVER_S3_REGION", "AWS_REGION", "AWS_DEFAULT_REGION");
    String pathStyle = blankToNull(env.get("CONSERVER_S3_PATH_STYLE"));
    String caBundle = blankToNull(env.get("CONSERVER_S3_CA_BUNDLE"));
    String checksums = blankToNull(env.get("CONSERVER_S3_CHECKSUMS"));
    String partSizeMb = blankToNull(env.get("CONSERVER_S3_PART_SIZE_MB"));
    return new S3Settings(
        region,
        settings.endpoint,
        pathStyle == null ? settings.pathStyle : flag("CONSERVER_S3_PATH_STYLE", pathStyle),
        caBundle == null ? null : Path.of(caBundle),
        checksums == null || flag("CONSERVER_S3_CHECKSUMS", checksums),
        partSizeMb == null
            ? settings.partSize
            : Math.multiplyExact(Integer.parseInt(partSizeMb), 1 << 20));
  }

  public S3Settings withRegion(String value) {
    return new S3Settings(value, endpoint, pathStyle, caBundle, checksums, partSize);
  }

  public S3Settings withPathStyle(boolean value) {
    return new S3Settings(region, endpoint, value, caBundle, checksums, partSize);
  }

  public S3Settings withCaBundle(Path value) {
    return new S3Settings(region, endpoint, pathStyle, value, checksums, partSize);
  }

  public S3Settings withChecksums(boolean value) {
    return new S3Settings(region, endpoint, pathStyle, caBundle, value, partSize);
  }

  public S3Settings withPartSize(int value) {
    return new S3Settings(region, endpoint, pathStyle, caBundle, checksums, value);
  }

  private static String firstSet(Map<String, String> env, String fallback, String... names) {
    for (String name : names) {
      String value = blankToNull(env.get(name));
      if (value != null) {
        return value;
      }
    }
    return fallback;
  }

  private static boolean flag(String name, String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false");
    };
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
