package io.conserver.functions.ingest.sources;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/** Duration and channel count of a PCM WAV file from its header chunks, without reading audio. */
record WavHeader(int channels, int sampleRate, double seconds) {
  static Optional<WavHeader> parse(byte[] head) {
    ByteBuffer buffer = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    int position = 12; // after "RIFF" <size> "WAVE"
    int channels = 0;
    int sampleRate = 0;
    int byteRate = 0;
    while (position + 8 <= head.length) {
      String id = new String(head, position, 4, java.nio.charset.StandardCharsets.US_ASCII);
      long size = Integer.toUnsignedLong(buffer.getInt(position + 4));
      if (id.equals("fmt ") && position + 20 <= head.length) {
        channels = buffer.getShort(position + 10) & 0xffff;
        sampleRate = buffer.getInt(position + 12);
        byteRate = buffer.getInt(position + 16);
      } else if (id.equals("data") && byteRate > 0) {
        return Optional.of(new WavHeader(channels, sampleRate, (double) size / byteRate));
      }
      position += 8 + (int) Math.min(size + (size & 1), Integer.MAX_VALUE - position - 8);
    }
    return Optional.empty();
  }
}
