package io.conserver.platform.fetch;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 GET over a socket connected to an address the guard already checked. A plain socket
 * (rather than an HTTP client) is what makes the check binding: no library gets a chance to resolve
 * the name again, so DNS rebinding between check and connect is impossible. TLS is layered on that
 * socket with SNI and certificate hostname verification against the URL's host name.
 */
final class HttpExchange implements AutoCloseable {
  private static final int MAX_HEADER_BYTES = 64 * 1024;

  private final Socket socket;
  private final int status;
  private final Map<String, String> headers;
  private final InputStream body;

  private HttpExchange(Socket socket, int status, Map<String, String> headers, InputStream body) {
    this.socket = socket;
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  static HttpExchange get(
      URI uri,
      String host,
      InetAddress address,
      int port,
      FetchPolicy policy,
      SSLSocketFactory tls,
      Map<String, String> extraHeaders)
      throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(
          new InetSocketAddress(address, port), (int) policy.connectTimeout().toMillis());
      socket.setSoTimeout((int) policy.readTimeout().toMillis());
      if ("https".equals(uri.getScheme())) {
        socket = wrapTls(socket, host, port, tls);
      }
      OutputStream out = socket.getOutputStream();
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      if (uri.getRawQuery() != null) {
        path += "?" + uri.getRawQuery();
      }
      boolean defaultPort = port == ("https".equals(uri.getScheme()) ? 443 : 80);
      String hostHeader = (host.contains(":") ? "[" + host + "]" : host);
      StringBuilder request =
          new StringBuilder("GET ")
              .append(path)
              .append(" HTTP/1.1\r\nHost: ")
              .append(hostHeader)
              .append(defaultPort ? "" : ":" + port)
              .append("\r\nUser-Agent: conserver-fetch\r\nAccept-Encoding: identity\r\n");
      extraHeaders.forEach(
          (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
      request.append("Connection: close\r\n\r\n");
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      String statusLine = readLine(in);
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP/1.x response");
      }
      int status = Integer.parseInt(parts[1]);
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      int headerBytes = 0;
      for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
        headerBytes += line.length();
        if (headerBytes > MAX_HEADER_BYTES) {
          throw new IOException("response headers too large");
        }
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
      }
      InputStream body = in;
      String transfer = headers.getOrDefault("Transfer-Encoding", "").toLowerCase(Locale.ROOT);
      if (transfer.contains("chunked")) {
        body = new ChunkedInputStream(in);
      } else if (headers.containsKey("Content-Length")) {
        body = new BoundedInputStream(in, Long.parseLong(headers.get("Content-Length").trim()));
      }
      return new HttpExchange(socket, status, headers, body);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static Socket wrapTls(Socket plain, String host, int port, SSLSocketFactory tls)
      throws IOException {
    SSLSocket socket = (SSLSocket) tls.createSocket(plain, host, port, true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (!host.contains(":") && !host.matches("[0-9.]+")) {
      parameters.setServerNames(java.util.List.of(new SNIHostName(host)));
    }
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }

  int status() {
    return status;
  }

  String header(String name) {
    return headers.get(name);
  }

  InputStream body() {
    return body;
  }

  Socket socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(80);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection closed inside the response head");
      }
      if (line.size() > 8192) {
        throw new IOException("response line too long");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  /** A body of known length: ends there even if the server keeps the connection open. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;

    BoundedInputStream(InputStream in, long length) {
      this.in = in;
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b < 0) {
        throw new IOException("the response ended before its Content-Length");
      }
      remaining--;
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, remaining));
      if (n < 0) {
        throw new IOException("the response ended before its Content-Length");
      }
      remaining -= n;
      return n;
    }
  }
}
