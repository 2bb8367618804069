package io.conserver.platform.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the {@link GuardedFetcher} may reach, and how much and how long it may read. Immutable; the
 * {@link #defaults() default} is the same locally and in the cloud: https only, public unicast
 * addresses only (after every DNS answer and every redirect), 2 GiB, 10 s to connect, 30 s between
 * bytes, 30 min in all, 3 redirects. The allow-list exists for tests that serve fakes on loopback;
 * production configuration never sets it.
 */
public final class FetchPolicy {
  private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  public static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024 * 1024;

  private final long maxBytes;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration totalTimeout;
  private final int maxRedirects;
  private final Set<String> allowList;
  private final boolean plainHttpForAllowListed;

  private FetchPolicy(
      long maxBytes,
      Duration connectTimeout,
      Duration readTimeout,
      Duration totalTimeout,
      int maxRedirects,
      Set<String> allowList,
      boolean plainHttpForAllowListed) {
    this.maxBytes = maxBytes;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.totalTimeout = totalTimeout;
    this.maxRedirects = maxRedirects;
    this.allowList = Set.copyOf(allowList);
    this.plainHttpForAllowListed = plainHttpForAllowListed;
  }

  public static FetchPolicy defaults() {
    return new FetchPolicy(
        DEFAULT_MAX_BYTES,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(30),
        3,
        Set.of(),
        false);
  }

  public FetchPolicy withMaxBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative");
    }
    return new FetchPolicy(
        bytes,
        connectTimeout,
        readTimeout,
        totalTimeout,
        maxRedirects,
        allowList,
        plainHttpForAllowListed);
  }

  public FetchPolicy withTimeouts(Duration connect, Duration read, Duration total) {
    return new FetchPolicy(
        maxBytes, connect, read, total, maxRedirects, allowList, plainHttpForAllowListed);
  }

  public FetchPolicy withMaxRedirects(int redirects) {
    return new FetchPolicy(
        maxBytes,
        connectTimeout,
        readTimeout,
        totalTimeout,
        redirects,
        allowList,
        plainHttpForAllowListed);
  }

  /**
   * Tests only: lets the fetcher reach this otherwise denied {@code ip:port} (e.g. {@code
   * 127.0.0.1:8443}, or {@code [::1]:8443}). The entry names a resolved address, not a host name,
   * so a DNS name that happens to resolve there is allowed only on that port.
   */
  public FetchPolicy allowForTests(String ipAndPort) {
    int colon = ipAndPort.lastIndexOf(':');
    String host = colon < 0 ? "" : ipAndPort.substring(0, colon).replace("[", "").replace("]", "");
    if (!LITERAL.matcher(host).matches()) {
      throw new IllegalArgumentException("allow-list entries are ip:port literals: " + ipAndPort);
    }
    int port = Integer.parseInt(ipAndPort.substring(colon + 1));
    Set<String> entries = new HashSet<>(allowList);
    try {
      // A literal: parsed, never looked up in DNS.
      entries.add(key(InetAddress.getByName(host), port));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP literal: " + host, e);
    }
    return new FetchPolicy(
        maxBytes,
        connectTimeout,
        readTimeout,
        totalTimeout,
        maxRedirects,
        entries,
        plainHttpForAllowListed);
  }

  /** Tests only: plain {@code http://} for allow-listed entries (never for anything else). */
  public FetchPolicy allowPlainHttpForTests() {
    return new FetchPolicy(
        maxBytes, connectTimeout, readTimeout, totalTimeout, maxRedirects, allowList, true);
  }

  /** Why this address and port may not be reached, or empty when it may. */
  public Optional<String> denialOf(InetAddress address, int port) {
    if (isAllowListed(address, port)) {
      return Optional.empty();
    }
    return AddressRules.denial(address);
  }

  public boolean isAllowListed(InetAddress address, int port) {
    return allowList.contains(key(address, port));
  }

  private static String key(InetAddress address, int port) {
    return address.getHostAddress() + "#" + port;
  }

  public boolean plainHttpForAllowListed() {
    return plainHttpForAllowListed;
  }

  public long maxBytes() {
    return maxBytes;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  public Duration totalTimeout() {
    return totalTimeout;
  }

  public int maxRedirects() {
    return maxRedirects;
  }
}
