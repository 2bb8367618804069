package io.conserver.platform.fetch;

import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 {@code Transfer-Encoding: chunked} body. */
final class ChunkedInputStream extends InputStream {
  private final InputStream in;
  private long remaining;
  private boolean done;

  ChunkedInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (done) {
      return -1;
    }
    if (remaining == 0) {
      String line = HttpExchange.readLine(in);
      int semicolon = line.indexOf(';');
      String size = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
      try {
        remaining = Long.parseLong(size, 16);
      } catch (NumberFormatException e) {
        throw new IOException("malformed chunk size in the response");
      }
      if (remaining == 0) {
        while (!HttpExchange.readLine(in).isEmpty()) {
          // trailers are ignored
        }
        done = true;
        return -1;
      }
    }
    int n = in.read(buffer, offset, (int) Math.min(length, remaining));
    if (n < 0) {
      throw new IOException("the response ended inside a chunk");
    }
    remaining -= n;
    if (remaining == 0) {
      HttpExchange.readLine(in);
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
