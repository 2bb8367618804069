package io.conserver.media.audio;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stream of 16-bit samples, readable as little-endian PCM bytes. Each stage of the audio pipeline
 * (unpack, mix, resample) is one of these pulling from the previous one, so memory is a few small
 * buffers whatever the length of the recording.
 */
abstract class SampleStream extends InputStream {
  /** Returned by {@link #nextSample()} at the end of the stream. */
  static final int END = Integer.MIN_VALUE;

  private int pendingHighByte = -1;

  /** The next sample (-32768..32767), or {@link #END}. */
  abstract int nextSample() throws IOException;

  @Override
  public int read() throws IOException {
    if (pendingHighByte >= 0) {
      int b = pendingHighByte;
      pendingHighByte = -1;
      return b;
    }
    int sample = nextSample();
    if (sample == END) {
      return -1;
    }
    pendingHighByte = (sample >> 8) & 0xff;
    return sample & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    int n = 0;
    if (pendingHighByte >= 0) {
      buffer[offset + n++] = (byte) read();
    }
    while (length - n >= 2) {
      int sample = nextSample();
      if (sample == END) {
        return n == 0 ? -1 : n;
      }
      buffer[offset + n++] = (byte) sample;
      buffer[offset + n++] = (byte) (sample >> 8);
    }
    if (n == 0) {
      return read(); // room for one byte only
    }
    return n;
  }
}
