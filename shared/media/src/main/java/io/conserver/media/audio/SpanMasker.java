package io.conserver.media.audio;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces time ranges of interleaved signed 16-bit little-endian PCM with silence or a tone, as
 * the bytes stream through: one range list per channel (or for every channel), sorted and merged
 * once, walked with a cursor, so memory is the ranges plus one read buffer whatever the length of
 * the audio. The tone's phase follows the absolute frame index, so the output is deterministic.
 */
public final class SpanMasker extends FilterInputStream {
  /** What replaces a masked range. */
  public enum Fill {
    SILENCE,
    /** A 1 kHz sine at -12 dBFS: audibly a bleep, not speech. */
    TONE
  }

  /**
   * A range to mask, in frames from the start, end exclusive.
   *
   * @param channel the channel (0-based), or -1 for every channel
   */
  public record Range(int channel, long startFrame, long endFrame) {
    public Range {
      if (startFrame < 0 || endFrame < startFrame) {
        throw new IllegalArgumentException("bad range " + startFrame + ".." + endFrame);
      }
    }

    /** A range in seconds, widened by a margin on both sides. */
    public static Range ofSeconds(
        int channel, double start, double end, double marginSeconds, float frameRate) {
      long from = (long) Math.floor(Math.max(0, start - marginSeconds) * frameRate);
      long to = (long) Math.ceil(Math.max(start, end + marginSeconds) * frameRate);
      return new Range(channel, from, Math.max(from, to));
    }
  }

  private static final double TONE_HZ = 1000;
  private static final double TONE_AMPLITUDE = 32767 * 0.25;

  private final int channels;
  private final float frameRate;
  private final Fill fill;
  private final long[][] starts;
  private final long[][] ends;
  private final int[] cursor;
  private long byteOffset;

  /**
   * @param pcm interleaved 16-bit little-endian PCM ({@link AudioPipeline#pcm16})
   */
  public SpanMasker(InputStream pcm, int channels, float frameRate, List<Range> ranges, Fill fill) {
    super(pcm);
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be positive");
    }
    this.channels = channels;
    this.frameRate = frameRate;
    this.fill = fill;
    this.starts = new long[channels][];
    this.ends = new long[channels][];
    this.cursor = new int[channels];
    for (int c = 0; c < channels; c++) {
      List<long[]> merged = merge(ranges, c);
      starts[c] = merged.stream().mapToLong(r -> r[0]).toArray();
      ends[c] = merged.stream().mapToLong(r -> r[1]).toArray();
    }
  }

  private static List<long[]> merge(List<Range> ranges, int channel) {
    List<long[]> sorted = new ArrayList<>();
    for (Range r : ranges) {
      if ((r.channel() < 0 || r.channel() == channel) && r.endFrame() > r.startFrame()) {
        sorted.add(new long[] {r.startFrame(), r.endFrame()});
      }
    }
    sorted.sort(Comparator.comparingLong(r -> r[0]));
    List<long[]> merged = new ArrayList<>();
    for (long[] r : sorted) {
      long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && r[0] <= last[1]) {
        last[1] = Math.max(last[1], r[1]);
      } else {
        merged.add(r.clone());
      }
    }
    return merged;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n > 0) {
      mask(buffer, offset, n);
      byteOffset += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Read rather than skip the source, so the frame count stays right.
    byte[] scratch = new byte[(int) Math.min(Math.max(n, 0), 8192)];
    return Math.max(0, read(scratch, 0, scratch.length));
  }

  private void mask(byte[] buffer, int offset, int n) {
    int frameBytes = 2 * channels;
    long frame = byteOffset / frameBytes;
    int inFrame = (int) (byteOffset % frameBytes);
    for (int i = 0; i < n; i++) {
      if (masked(inFrame / 2, frame)) {
        int sample = fill == Fill.TONE ? tone(frame) : 0;
        buffer[offset + i] = (byte) (inFrame % 2 == 0 ? sample : sample >> 8);
      }
      if (++inFrame == frameBytes) {
        inFrame = 0;
        frame++;
      }
    }
  }

  private boolean masked(int channel, long frame) {
    long[] s = starts[channel];
    long[] e = ends[channel];
    int k = cursor[channel];
    while (k < s.length && e[k] <= frame) {
      k++;
    }
    cursor[channel] = k;
    return k < s.length && s[k] <= frame;
  }

  private int tone(long frame) {
    return (int) Math.round(TONE_AMPLITUDE * Math.sin(2 * Math.PI * TONE_HZ * frame / frameRate));
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
