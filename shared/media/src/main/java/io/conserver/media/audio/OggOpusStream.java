package io.conserver.media.audio;

import io.conserver.media.MediaException;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Ogg Opus (RFC 7845) to interleaved signed 16-bit little-endian PCM at 48 kHz, one packet at a
 * time: Ogg pages are read as they come and each audio packet is decoded by Concentus, so memory is
 * one packet and one decoded frame. The header's pre-skip is honoured; the final page's trimming
 * (at most one frame, 20 ms usually) is not.
 */
final class OggOpusStream extends InputStream {
  static final int RATE = 48_000;
  private static final int MAX_FRAME = 5760; // 120 ms at 48 kHz, the longest Opus packet
  private static final int MAX_PACKET = 1 << 20;

  private final DataInputStream in;
  private final OpusDecoder decoder;
  private final int channels;
  private final short[] pcm;
  private final byte[] out;
  private int skip; // samples per channel still to drop (pre-skip)
  private int position;
  private int limit;

  // Ogg framing state: the current page's segment table and where we are in it.
  private final int[] segments = new int[255];
  private int segmentCount;
  private int segmentIndex;
  private boolean ended;

  OggOpusStream(InputStream source) throws IOException {
    this.in = new DataInputStream(source);
    byte[] head = nextPacket();
    if (head == null
        || head.length < 19
        || !new String(head, 0, 8, StandardCharsets.US_ASCII).equals("OpusHead")) {
      throw new MediaException("corrupt Ogg Opus: no OpusHead packet");
    }
    channels = head[9] & 0xff;
    if (channels < 1 || channels > 2) {
      throw new MediaException("unsupported Opus channel count: " + channels);
    }
    skip = (head[10] & 0xff) | (head[11] & 0xff) << 8;
    if (nextPacket() == null) { // OpusTags
      throw new MediaException("corrupt Ogg Opus: no OpusTags packet");
    }
    try {
      decoder = new OpusDecoder(RATE, channels);
    } catch (OpusException e) {
      throw new MediaException("the Opus decoder cannot start: " + e.getMessage(), false, e);
    }
    pcm = new short[MAX_FRAME * channels];
    out = new byte[MAX_FRAME * channels * 2];
  }

  int channels() {
    return channels;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    while (position == limit) {
      if (!decodeNext()) {
        return -1;
      }
    }
    int n = Math.min(length, limit - position);
    System.arraycopy(out, position, buffer, offset, n);
    position += n;
    return n;
  }

  private boolean decodeNext() throws IOException {
    byte[] packet = nextPacket();
    if (packet == null) {
      return false;
    }
    int samples;
    try {
      samples = decoder.decode(packet, 0, packet.length, pcm, 0, MAX_FRAME, false);
    } catch (OpusException e) {
      throw new IOException("corrupt Opus packet: " + e.getMessage(), e);
    }
    int dropped = Math.min(skip, samples);
    skip -= dropped;
    int bytes = 0;
    for (int i = dropped * channels; i < samples * channels; i++) {
      out[bytes++] = (byte) pcm[i];
      out[bytes++] = (byte) (pcm[i] >> 8);
    }
    position = 0;
    limit = bytes;
    return true;
  }

  /** The next whole packet, across page boundaries; null at the end of the stream. */
  private byte[] nextPacket() throws IOException {
    ByteArrayOutputStream packet = new ByteArrayOutputStream(512);
    while (true) {
      if (segmentIndex == segmentCount) {
        if (ended || !nextPage()) {
          return packet.size() == 0 ? null : packet.toByteArray();
        }
        continue;
      }
      int size = segments[segmentIndex++];
      byte[] data = new byte[size];
      in.readFully(data);
      packet.write(data);
      if (packet.size() > MAX_PACKET) {
        throw new IOException("an Ogg packet larger than " + MAX_PACKET + " bytes");
      }
      if (size < 255) {
        return packet.toByteArray();
      }
    }
  }

  private boolean nextPage() throws IOException {
    byte[] header = new byte[27];
    int first = in.read();
    if (first < 0) {
      ended = true;
      return false;
    }
    header[0] = (byte) first;
    try {
      in.readFully(header, 1, 26);
    } catch (EOFException e) {
      throw new IOException("the Ogg stream ends inside a page header", e);
    }
    if (!new String(header, 0, 4, StandardCharsets.US_ASCII).equals("OggS")) {
      throw new IOException("lost Ogg page sync");
    }
    segmentCount = header[26] & 0xff;
    for (int i = 0; i < segmentCount; i++) {
      segments[i] = in.readUnsignedByte();
    }
    segmentIndex = 0;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
