package io.conserver.server.console;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams media with HTTP Range support (RFC 9110 §14): one range {@code bytes=a-b}, {@code a-} or
 * the suffix {@code -n}; 206 with Content-Range, 416 when it lies outside; no Range, or several:
 * the whole object (200). Only the asked bytes are read past the skip; nothing is held in memory.
 */
final class RangeResponses {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

  private RangeResponses() {}

  static Response of(ConsoleMedia.Media media, String range) {
    long length = media.length();
    long first = 0;
    long last = length - 1;
    boolean partial = false;
    Matcher m = range == null ? null : RANGE.matcher(range.strip());
    if (m != null && m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
      if (m.group(1).isEmpty()) {
        first = Math.max(0, length - Long.parseLong(m.group(2)));
      } else {
        first = Long.parseLong(m.group(1));
        if (!m.group(2).isEmpty()) {
          last = Math.min(last, Long.parseLong(m.group(2)));
        }
      }
      if (first >= length || first > last) {
        return Response.status(416).header("Content-Range", "bytes */" + length).build();
      }
      partial = true;
    }
    long start = first;
    long count = last - first + 1;
    StreamingOutput body =
        out -> {
          try (InputStream in = media.open().get()) {
            in.skipNBytes(start);
            byte[] buffer = new byte[64 * 1024];
            long left = count;
            while (left > 0) {
              int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
              if (n < 0) {
                break;
              }
              out.write(buffer, 0, n);
              left -= n;
            }
          }
        };
    Response.ResponseBuilder response =
        Response.status(partial ? 206 : 200)
            .entity(body)
            .type(media.mediatype())
            .header("Accept-Ranges", "bytes")
            .header("Content-Length", count)
            .header("Cache-Control", "private, no-store")
            .header("X-Content-Type-Options", "nosniff");
    if (partial) {
      response.header("Content-Range", "bytes " + first + "-" + last + "/" + length);
    }
    return response.build();
  }
}
