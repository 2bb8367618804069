package io.conserver.platform.fetch;

import io.conserver.platform.fetch.FetchException.Reason;
import io.conserver.vcon.HashingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * The one way Conserver fetches an external URL named in a vCon. Resolves the host, refuses unless
 * EVERY resolved address passes the {@link FetchPolicy}, connects to the checked address itself
 * (see {@link HttpExchange}), follows redirects by hand re-checking each hop, enforces size and
 * time limits while streaming, and verifies the bytes against {@code content_hash}.
 *
 * <p>Two-phase by design: {@link #fetch} downloads into a temporary file and returns it only once
 * the hash matched, so nothing downstream (a decoder, a transcription engine) ever reads bytes that
 * turn out to be wrong. Memory stays constant; disk holds at most {@code maxBytes}.
 */
public final class GuardedFetcher {
  /** Resolves a host name; tests substitute one to simulate DNS answers. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final FetchPolicy policy;
  private final Resolver resolver;
  private final Path tempDir;
  private final SSLSocketFactory tls;

  public GuardedFetcher(FetchPolicy policy) {
    this(
        policy,
        InetAddress::getAllByName,
        Path.of(System.getProperty("java.io.tmpdir")),
        (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  public GuardedFetcher(FetchPolicy policy, Resolver resolver, Path tempDir, SSLSocketFactory tls) {
    this.policy = policy;
    this.resolver = resolver;
    this.tempDir = tempDir;
    this.tls = tls;
  }

  public FetchPolicy policy() {
    return policy;
  }

  /**
   * Downloads {@code url} and checks it against the vCon's {@code content_hash} tokens.
   *
   * @throws FetchException refused or failed; never returns unverified bytes
   */
  public VerifiedFile fetch(String url, List<String> contentHashes) throws FetchException {
    // Validate the hash before touching the network: no point fetching what cannot be verified.
    VerifyingInputStream.of(InputStream.nullInputStream(), contentHashes);
    long deadline = System.nanoTime() + policy.totalTimeout().toNanos();
    return exchange(
        url,
        Map.of(),
        (exchange, host) -> {
          try (VerifyingInputStream in = VerifyingInputStream.of(exchange.body(), contentHashes)) {
            Path file = download(exchange, in, deadline);
            return new VerifiedFile(file, Files.size(file));
          }
        });
  }

  /**
   * Downloads media whose hash is not known yet (a recording a source system names), computing its
   * SHA-512 {@code content_hash} while streaming it to a temporary file. {@code headers} carry the
   * source's credentials ({@code Authorization}); they are sent to the url's origin only and
   * dropped when a redirect leaves it (a recording service redirecting to a storage pre-signed url
   * must not hand that storage its credentials).
   *
   * @throws FetchException refused or failed
   */
  public HashedFile download(String url, Map<String, String> headers) throws FetchException {
    headers.forEach(
        (name, value) -> {
          if (!name.matches("[A-Za-z0-9-]+")
              || value.indexOf('\r') >= 0
              || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("not a valid request header: " + name);
          }
        });
    long deadline = System.nanoTime() + policy.totalTimeout().toNanos();
    return exchange(
        url,
        headers,
        (exchange, host) -> {
          try (HashingInputStream in = HashingInputStream.sha512(exchange.body())) {
            Path file = download(exchange, in, deadline);
            return new HashedFile(file, in.byteCount(), in.sha512());
          }
        });
  }

  private interface BodyReader<T> {
    T read(HttpExchange exchange, String host) throws IOException;
  }

  private <T> T exchange(String url, Map<String, String> headers, BodyReader<T> reader)
      throws FetchException {
    URI uri = parse(url);
    URI origin = uri;
    for (int hop = 0; ; hop++) {
      Target target = check(uri);
      Map<String, String> sent = sameOrigin(origin, uri) ? headers : Map.of();
      try (HttpExchange exchange = connect(uri, target, sent)) {
        int status = exchange.status();
        if (isRedirect(status)) {
          if (hop >= policy.maxRedirects()) {
            throw new FetchException(
                Reason.TOO_MANY_REDIRECTS, "more than " + policy.maxRedirects() + " redirects");
          }
          String location = exchange.header("Location");
          if (location == null) {
            throw new FetchException(
                Reason.HTTP_STATUS, "redirect " + status + " without Location");
          }
          uri = parse(uri.resolve(location.trim()).toString());
          continue;
        }
        if (status != 200) {
          throw FetchException.status(status, target.host, exchange.header("Retry-After"));
        }
        return reader.read(exchange, target.host);
      } catch (FetchException e) {
        throw e;
      } catch (SocketTimeoutException e) {
        throw new FetchException(Reason.TIMEOUT, "timed out reading " + target.host, true, e);
      } catch (IOException e) {
        throw new FetchException(
            Reason.IO, "fetching from " + target.host + " failed: " + e.getMessage(), true, e);
      } catch (RuntimeException e) {
        // A malformed status line or Content-Length: a bad server, not a bug of ours.
        throw new FetchException(
            Reason.IO, "malformed HTTP response from " + target.host, false, e);
      }
    }
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && a.getPort() == b.getPort();
  }

  /** Streams the body to a temporary file within the size and time limits; deleted on failure. */
  private Path download(HttpExchange exchange, InputStream in, long deadline) throws IOException {
    String length = exchange.header("Content-Length");
    if (length != null && Long.parseLong(length.trim()) > policy.maxBytes()) {
      throw new FetchException(
          Reason.TOO_LARGE,
          "Content-Length " + length + " exceeds " + policy.maxBytes() + " bytes");
    }
    Path file = Files.createTempFile(tempDir, "fetch-", ".part");
    boolean ok = false;
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      for (int n = read(in, buffer, exchange, deadline); n >= 0; ) {
        total += n;
        if (total > policy.maxBytes()) {
          // Stop at the limit: whatever the server still wants to send is never read.
          throw new FetchException(
              Reason.TOO_LARGE, "the body exceeds " + policy.maxBytes() + " bytes");
        }
        out.write(buffer, 0, n);
        n = read(in, buffer, exchange, deadline);
      }
      ok = true;
      return file;
    } finally {
      if (!ok) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** Reads with the socket timeout shrunk to what is left of the total deadline (slow drips). */
  private int read(InputStream in, byte[] buffer, HttpExchange exchange, long deadline)
      throws IOException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new FetchException(
          Reason.TIMEOUT, "the download took longer than " + policy.totalTimeout());
    }
    exchange.socket().setSoTimeout((int) Math.min(policy.readTimeout().toMillis(), left));
    try {
      return in.read(buffer);
    } catch (SocketTimeoutException e) {
      throw new FetchException(Reason.TIMEOUT, "timed out reading the body", true, e);
    }
  }

  private HttpExchange connect(URI uri, Target target, Map<String, String> headers)
      throws IOException {
    IOException last = null;
    for (InetAddress address : target.addresses) {
      try {
        return HttpExchange.get(uri, target.host, address, target.port, policy, tls, headers);
      } catch (SocketTimeoutException e) {
        last = e;
      } catch (java.net.ConnectException e) {
        last = e;
      }
    }
    throw last;
  }

  /** Scheme, then every address the host resolves to. */
  private Target check(URI uri) throws FetchException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean httpMayBeAllowed = "http".equals(scheme) && policy.plainHttpForAllowListed();
    if (!"https".equals(scheme) && !httpMayBeAllowed) {
      throw new FetchException(Reason.DENIED_SCHEME, "only https urls are fetched, not " + scheme);
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new FetchException(Reason.DENIED_SCHEME, "the url has no host");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (uri.getRawUserInfo() != null) {
      throw new FetchException(Reason.DENIED_SCHEME, "urls with user info are refused");
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : "http".equals(scheme) ? 80 : 443;
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new FetchException(Reason.UNRESOLVED, "cannot resolve " + host, true, e);
    }
    if (addresses.length == 0) {
      throw new FetchException(Reason.UNRESOLVED, "cannot resolve " + host);
    }
    boolean allAllowListed = true;
    for (InetAddress address : addresses) {
      Optional<String> denial = policy.denialOf(address, port);
      if (denial.isPresent()) {
        throw new FetchException(
            Reason.DENIED_ADDRESS,
            host + " resolves to a " + denial.get() + " (" + address.getHostAddress() + ")");
      }
      allAllowListed &= policy.isAllowListed(address, port);
    }
    boolean plainAllowed =
        "http".equals(scheme) && allAllowListed && policy.plainHttpForAllowListed();
    if (!"https".equals(scheme) && !plainAllowed) {
      throw new FetchException(Reason.DENIED_SCHEME, "only https urls are fetched, not " + scheme);
    }
    return new Target(host, port, List.of(addresses));
  }

  private static URI parse(String url) throws FetchException {
    try {
      return new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      throw new FetchException(Reason.DENIED_SCHEME, "not a valid url");
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private record Target(String host, int port, List<InetAddress> addresses) {}
}
