package io.conserver.media.audio;

import io.conserver.media.MediaException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes 16-bit PCM to a RIFF/WAVE file, streaming: the header is written with placeholder sizes,
 * the samples copied through a fixed buffer, and the sizes patched at the end (the length of a
 * decoded stream is not known up front). RIFF sizes are 32-bit, so the data must stay under 4 GiB.
 */
public final class WavFile {
  private static final long MAX_DATA = 0xFFFF_FFFFL - 36;

  private WavFile() {}

  /** Copies the PCM into {@code file}; returns the number of data bytes written. */
  public static long write(InputStream pcm, int channels, int sampleRate, Path file)
      throws IOException {
    long data = 0;
    try (OutputStream out =
        new BufferedOutputStream(
            Files.newOutputStream(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING),
            64 * 1024)) {
      out.write(header(channels, sampleRate, 0));
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = pcm.read(buffer)) > 0) {
        data += n;
        if (data > MAX_DATA) {
          throw new MediaException("the redacted audio would exceed the 4 GiB WAV limit");
        }
        out.write(buffer, 0, n);
      }
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(header(channels, sampleRate, data)), 0);
    }
    return data;
  }

  static byte[] header(int channels, int sampleRate, long dataBytes) {
    ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    h.putInt((int) (36 + dataBytes));
    h.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    h.putInt(16);
    h.putShort((short) 1); // PCM
    h.putShort((short) channels);
    h.putInt(sampleRate);
    h.putInt(sampleRate * channels * 2);
    h.putShort((short) (channels * 2));
    h.putShort((short) 16);
    h.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    h.putInt((int) dataBytes);
    return h.array();
  }
}
