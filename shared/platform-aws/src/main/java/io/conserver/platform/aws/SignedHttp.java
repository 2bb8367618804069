package io.conserver.platform.aws;

import io.conserver.platform.Sha256;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * One signed request to an AWS (or AWS-compatible) endpoint over the JDK's {@link
 * HttpURLConnection}, and the retry policy its callers share: what the S3 store ({@link
 * S3Connection}) and STS ({@link StsAssumeRole}) have in common. A non-2xx answer becomes an {@link
 * S3Failure} with the service's error code and request id; the error body is read from XML.
 */
final class SignedHttp {
  static final int MAX_ATTEMPTS = 3;
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final int READ_TIMEOUT_MS = 60_000;
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private SignedHttp() {}

  /** A request body: in memory (signed, replayable) or streamed once (unsigned). */
  abstract static class Body {
    static final Body NONE = bytes(new byte[0], 0);

    abstract long length();

    abstract String sha256();

    abstract boolean replayable();

    abstract void writeTo(OutputStream out) throws IOException;

    static Body bytes(byte[] array, int length) {
      return new Body() {
        private String hash;

        @Override
        long length() {
          return length;
        }

        @Override
        String sha256() {
          if (hash == null) {
            hash = HexFormat.of().formatHex(Sha256.of(array, 0, length));
          }
          return hash;
        }

        @Override
        boolean replayable() {
          return true;
        }

        @Override
        void writeTo(OutputStream out) throws IOException {
          out.write(array, 0, length);
        }
      };
    }

    /** A caller's stream of exactly {@code length} bytes; its read errors are the caller's. */
    static Body stream(InputStream in, long length) {
      return new Body() {
        @Override
        long length() {
          return length;
        }

        @Override
        String sha256() {
          return SigV4Signer.UNSIGNED_PAYLOAD;
        }

        @Override
        boolean replayable() {
          return false;
        }

        @Override
        void writeTo(OutputStream out) throws IOException {
          byte[] buffer = new byte[64 * 1024];
          while (true) {
            int n;
            try {
              n = in.read(buffer);
            } catch (IOException e) {
              throw new SourceFailure(e);
            }
            if (n < 0) {
              return;
            }
            out.write(buffer, 0, n);
          }
        }
      };
    }
  }

  /** The caller's stream failed (or broke its declared length): not the store's fault, no retry. */
  static final class SourceFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SourceFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** A successful (2xx) answer; the caller closes it, which returns the connection for reuse. */
  static final class Response implements Closeable {
    private final int status;
    private final Map<String, String> headers;
    private final InputStream body;

    Response(int status, Map<String, String> headers, InputStream body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    int status() {
      return status;
    }

    /** A header's value (case-insensitive name), or null. */
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    Map<String, String> headers() {
      return headers;
    }

    InputStream body() {
      return body;
    }

    /** Reads the whole body (at most {@code limit} bytes) and closes it. */
    byte[] readAll(int limit) {
      try (InputStream in = body) {
        return in.readNBytes(limit);
      } catch (IOException e) {
        throw new S3Failure("reading the answer failed: " + e, e);
      }
    }

    /** Closes the body; after a 2xx answer nothing is lost if that fails. */
    @Override
    public void close() {
      try {
        body.close();
      } catch (IOException e) {
        // the connection is dropped rather than reused; the answer was already complete
      }
    }
  }

  /**
   * Sends one request; the headers are already signed.
   *
   * @return the 2xx answer, to be closed by the caller
   * @throws S3Failure the service's refusal, or the network's failure (status -1)
   * @throws SourceFailure the caller's body stream failed
   */
  static Response exchange(
      String operation,
      String target,
      String method,
      Map<String, String> headers,
      Body body,
      SSLSocketFactory tls) {
    HttpURLConnection connection = null;
    try {
      URL url = URI.create(target).toURL();
      connection = (HttpURLConnection) url.openConnection();
      if (tls != null && connection instanceof HttpsURLConnection https) {
        https.setSSLSocketFactory(tls);
      }
      connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
      connection.setReadTimeout(READ_TIMEOUT_MS);
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      connection.setRequestMethod(method);
      headers.forEach(connection::setRequestProperty);
      boolean sendsBody = method.equals("PUT") || method.equals("POST");
      if (sendsBody) {
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(body.length());
        try (OutputStream out = connection.getOutputStream()) {
          body.writeTo(out);
        }
      }
      int status = connection.getResponseCode();
      Map<String, String> responseHeaders = headersOf(connection);
      if (status >= 200 && status < 300) {
        InputStream answer =
            method.equals("HEAD") ? InputStream.nullInputStream() : connection.getInputStream();
        return new Response(status, responseHeaders, answer);
      }
      // HttpURLConnection hands a 3xx answer's body (S3's PermanentRedirect) as the input stream.
      InputStream errorBody =
          method.equals("HEAD")
              ? null
              : status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      throw refusal(status, responseHeaders, errorBody);
    } catch (SourceFailure e) {
      // The request is incomplete: dropping the connection makes sure the store never sees it end.
      disconnect(connection);
      throw e;
    } catch (IOException e) {
      disconnect(connection);
      throw new S3Failure(operation + " failed: " + e, e);
    }
  }

  private static Map<String, String> headersOf(HttpURLConnection connection) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : connection.getHeaderFields().entrySet()) {
      if (e.getKey() != null && !e.getValue().isEmpty()) {
        headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().get(0));
      }
    }
    return headers;
  }

  private static S3Failure refusal(int status, Map<String, String> headers, InputStream errorBody)
      throws IOException {
    byte[] body = new byte[0];
    if (errorBody != null) {
      try (InputStream in = errorBody) {
        body = in.readNBytes(MAX_ERROR_BODY);
      }
    }
    Map<String, String> error = AwsXml.leaves(body, Set.of("Code", "Message", "RequestId"));
    String requestId = error.getOrDefault("RequestId", headers.get("x-amz-request-id"));
    String message = error.getOrDefault("Message", "HTTP " + status);
    return new S3Failure(status, error.get("Code"), message, requestId, regionHint(headers));
  }

  /**
   * S3 names a bucket's region in {@code x-amz-bucket-region} when a request went to, or was signed
   * for, another one (301 PermanentRedirect, 400 AuthorizationHeaderMalformed, also on HEAD, which
   * has no error body). Redirects are not followed: the signature is bound to the region and host.
   */
  private static String regionHint(Map<String, String> headers) {
    String region = headers.get("x-amz-bucket-region");
    if (region == null || !region.matches("[a-z0-9-]{1,32}")) {
      return null;
    }
    return "the bucket is in region "
        + region
        + ": set the store's region to it (conserver.s3.region, CONSERVER_S3_REGION or AWS_REGION)";
  }

  /** A failure AWS documents as transient: network, 5xx, throttling, or a request timeout. */
  static boolean retryable(S3Failure e) {
    int status = e.status();
    String code = e.code();
    return status < 0
        || status >= 500
        || status == 429
        || "RequestTimeout".equals(code)
        || "SlowDown".equals(code)
        || "InternalError".equals(code);
  }

  /**
   * Runs {@code attempt} up to {@value #MAX_ATTEMPTS} times while it fails transiently, with
   * jittered exponential backoff (longer after 503 SlowDown or 429); a body that cannot be sent
   * again ({@code replayable} false) gets one attempt.
   */
  static Response withRetries(boolean replayable, Supplier<Response> attempt) {
    S3Failure failure = null;
    for (int n = 1; n <= MAX_ATTEMPTS; n++) {
      if (failure != null) {
        backoff(n, failure);
      }
      try {
        return attempt.get();
      } catch (S3Failure e) {
        failure = e;
        if (!retryable(e) || !replayable) {
          throw e;
        }
      }
    }
    throw failure;
  }

  private static void backoff(int attempt, S3Failure previous) {
    boolean throttled = previous.status() == 503 || previous.status() == 429;
    long base = throttled ? 500 : 100;
    long ceiling = Math.min(5_000, base << (attempt - 1));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new S3Failure("interrupted while waiting to retry", e);
    }
  }

  private static void disconnect(HttpURLConnection connection) {
    if (connection != null) {
      connection.disconnect();
    }
  }
}
