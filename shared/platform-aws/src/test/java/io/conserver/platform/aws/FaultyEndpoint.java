package io.conserver.platform.aws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of s3proxy that can refuse requests the way S3 does when it sheds load: the
 * next {@code n} connections get {@code 503 Slow Down} (S3's XML error body, then the connection
 * closes) instead of reaching the store. Healthy connections are tunnelled byte for byte, so the
 * client's SigV4 signatures stay valid. A test of what the client and the stage runner do during an
 * outage, with the real SDK and a real store behind it.
 */
final class FaultyEndpoint implements AutoCloseable {
  private static final byte[] SLOW_DOWN_BODY =
      ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code>"
              + "<Message>Please reduce your request rate.</Message></Error>")
          .getBytes(StandardCharsets.UTF_8);

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger toRefuse = new AtomicInteger();
  private volatile String answer = slowDown();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger forwarded = new AtomicInteger();

  FaultyEndpoint(URI target) throws IOException {
    this.target = new InetSocketAddress(target.getHost(), target.getPort());
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** The next {@code n} connections are refused with 503 Slow Down. */
  void refuseNext(int n) {
    answer = slowDown();
    toRefuse.set(n);
  }

  /**
   * The next {@code n} connections get S3's answer for a bucket in another region: 301
   * PermanentRedirect with {@code x-amz-bucket-region} (ErrorResponses in the S3 API reference).
   */
  void redirectNext(int n, String bucketRegion) {
    String body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>PermanentRedirect</Code>"
            + "<Message>The bucket you are attempting to access must be addressed using the"
            + " specified endpoint. Please send all future requests to this endpoint.</Message>"
            + "<Endpoint>s3."
            + bucketRegion
            + ".amazonaws.com</Endpoint><RequestId>4442587FB7D0A2F9</RequestId></Error>";
    answer =
        "HTTP/1.1 301 Moved Permanently\r\nx-amz-bucket-region: "
            + bucketRegion
            + "\r\nContent-Type: application/xml\r\nContent-Length: "
            + body.getBytes(StandardCharsets.UTF_8).length
            + "\r\nConnection: close\r\n\r\n"
            + body;
    toRefuse.set(n);
  }

  private static String slowDown() {
    String body = new String(SLOW_DOWN_BODY, StandardCharsets.UTF_8);
    return "HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: "
        + SLOW_DOWN_BODY.length
        + "\r\nConnection: close\r\n\r\n"
        + body;
  }

  int refused() {
    return refused.get();
  }

  int forwarded() {
    return forwarded.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      if (toRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        refuse(client);
        return;
      }
      forwarded.incrementAndGet();
      try (Socket store = new Socket(target.getAddress(), target.getPort())) {
        threads.execute(() -> pump(store, client));
        pump(client, store);
      }
    } catch (IOException e) {
      // A client or the store went away: the connection ends, as on a real network.
    }
  }

  /** Reads the request (head and Content-Length body) and answers with the canned refusal. */
  private void refuse(Socket client) throws IOException {
    InputStream in = client.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int b; matched < 4 && (b = in.read()) >= 0; ) {
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    long length = 0;
    for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(line.substring(15).trim());
      }
    }
    in.skipNBytes(length);
    refused.incrementAndGet();
    OutputStream out = client.getOutputStream();
    out.write(answer.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void pump(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed: the other direction ends on its own
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
