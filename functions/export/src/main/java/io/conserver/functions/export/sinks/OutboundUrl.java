package io.conserver.functions.export.sinks;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A URL a sink may call: a declared webhook, a Salesforce login URL, the instance URL a token
 * response names.
 *
 * <p>TODO(ssrf): replace this with the shared SSRF guard being built in {@code
 * io.conserver.platform.fetch} (DNS resolution pinned, private/link-local/metadata ranges refused,
 * redirects re-checked). Until then this refuses what can be refused without resolving names:
 * anything but https, IP literals, and localhost names. It is not a full guard: a public name that
 * resolves to a private address passes.
 */
public final class OutboundUrl {
  private static final Pattern IPV4 = Pattern.compile("[0-9.]+");

  private OutboundUrl() {}

  /** The checked URL. */
  public static URI checked(String url) throws SinkRejectedException {
    return check(url, false);
  }

  /**
   * {@link #checked(String)}, or the test-only loopback allowance when {@code loopbackForTests}.
   */
  public static URI checked(String url, boolean loopbackForTests) throws SinkRejectedException {
    return check(url, loopbackForTests);
  }

  /**
   * Tests only: also accepts http on the loopback address, for a JDK HttpServer in the test. Never
   * reachable from a pipeline declaration.
   */
  static URI checkedAllowingLoopbackForTests(String url) throws SinkRejectedException {
    return check(url, true);
  }

  private static URI check(String url, boolean loopbackForTests) throws SinkRejectedException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new SinkRejectedException("url is not a URL");
    }
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (loopbackForTests && host.equals("127.0.0.1")) {
      return uri;
    }
    if (!"https".equals(uri.getScheme())) {
      throw new SinkRejectedException("url must be https");
    }
    if (host.isEmpty() || uri.getUserInfo() != null) {
      throw new SinkRejectedException("url must name a host, without credentials");
    }
    if (host.startsWith("[") || host.contains(":") || IPV4.matcher(host).matches()) {
      throw new SinkRejectedException("url must use a host name, not an IP address");
    }
    if (host.equals("localhost") || host.endsWith(".localhost") || !host.contains(".")) {
      throw new SinkRejectedException("url must be a public host name, not " + host);
    }
    return uri;
  }
}
