package io.conserver.media.audio;

import java.io.IOException;
import java.io.InputStream;

/** Unpacks signed 16-bit little-endian PCM bytes into samples, through a fixed 16 KiB buffer. */
final class PcmSamples extends SampleStream {
  private final InputStream in;
  private final byte[] buffer = new byte[16 * 1024];
  private int position;
  private int limit;

  PcmSamples(InputStream in) {
    this.in = in;
  }

  @Override
  int nextSample() throws IOException {
    if (limit - position < 2 && !fill()) {
      return END;
    }
    int sample = (buffer[position] & 0xff) | (buffer[position + 1] << 8);
    position += 2;
    return sample;
  }

  /** Refills keeping a leftover odd byte; false at the end (a trailing odd byte is dropped). */
  private boolean fill() throws IOException {
    int left = limit - position;
    System.arraycopy(buffer, position, buffer, 0, left);
    position = 0;
    limit = left;
    while (limit < 2) {
      int n = in.read(buffer, limit, buffer.length - limit);
      if (n < 0) {
        return false;
      }
      limit += n;
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
