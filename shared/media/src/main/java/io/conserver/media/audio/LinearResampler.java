package io.conserver.media.audio;

import java.io.IOException;

/**
 * Streaming sample-rate conversion by linear interpolation between the two input samples around
 * each output instant. Positions are exact rationals ({@code n * inRate / outRate}), so lengths
 * never drift: {@code ceil(inputSamples * outRate / inRate)} samples come out. Linear interpolation
 * is enough for speech recognition at 16 kHz, whose models ignore the little aliasing above 8 kHz
 * it lets through; it keeps just two samples of state.
 */
final class LinearResampler extends SampleStream {
  private final SampleStream in;
  private final long inRate;
  private final long outRate;
  private long next; // index of the next output sample
  private long index = -1; // input index of s0
  private int s0;
  private int s1 = END;

  LinearResampler(SampleStream in, int inRate, int outRate) {
    if (inRate <= 0 || outRate <= 0) {
      throw new IllegalArgumentException("sample rates must be positive");
    }
    this.in = in;
    this.inRate = inRate;
    this.outRate = outRate;
  }

  @Override
  int nextSample() throws IOException {
    if (index < 0) {
      s0 = in.nextSample();
      if (s0 == END) {
        return END;
      }
      s1 = in.nextSample();
      index = 0;
    }
    long position = next * inRate;
    long whole = position / outRate;
    long fraction = position % outRate;
    while (index < whole) {
      if (s1 == END) {
        return END;
      }
      s0 = s1;
      s1 = in.nextSample();
      index++;
    }
    next++;
    if (fraction == 0 || s1 == END) {
      return s0;
    }
    return s0 + (int) Math.round((s1 - s0) * (double) fraction / outRate);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
