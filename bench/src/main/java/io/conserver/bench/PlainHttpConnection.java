package io.conserver.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One kept-alive HTTP/1.1 connection that POSTs a body and reads the answer's status, as cheaply as
 * a load generator must be on the 2 cores it shares with the server (the JDK HttpClient costs ~0.8
 * ms of CPU per request, more than the server's handling of it). Understands only what the ingest
 * API answers: a status line, headers with Content-Length, a body.
 */
final class PlainHttpConnection implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] head;

  PlainHttpConnection(URI target, String authorization) throws IOException {
    socket = new Socket(target.getHost(), target.getPort());
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 8192);
    head =
        ("POST "
                + target.getRawPath()
                + " HTTP/1.1\r\nHost: "
                + target.getHost()
                + ":"
                + target.getPort()
                + "\r\nAuthorization: "
                + authorization
                + "\r\nContent-Type: application/json\r\nContent-Length: ")
            .getBytes(StandardCharsets.US_ASCII);
  }

  /** Sends {@code body} and returns the answer's status code once the whole answer is read. */
  int post(byte[] body) throws IOException {
    out.write(head);
    out.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    String status = line();
    int code = Integer.parseInt(status.substring(9, 12));
    long length = 0;
    for (String header = line(); !header.isEmpty(); header = line()) {
      if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Long.parseLong(header.substring(15).trim());
      }
    }
    in.skipNBytes(length);
    return code;
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("the server closed the connection");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
