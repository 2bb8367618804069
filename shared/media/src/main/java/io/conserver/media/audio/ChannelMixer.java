package io.conserver.media.audio;

import java.io.IOException;

/** Interleaved multi-channel samples to mono: one selected channel, or the average of all. */
final class ChannelMixer extends SampleStream {
  /** Pass as the channel to average every channel. */
  static final int DOWNMIX = -1;

  private final SampleStream in;
  private final int channels;
  private final int channel;

  ChannelMixer(SampleStream in, int channels, int channel) {
    if (channel >= channels) {
      throw new IllegalArgumentException("channel " + channel + " of " + channels);
    }
    this.in = in;
    this.channels = channels;
    this.channel = channel;
  }

  @Override
  int nextSample() throws IOException {
    int sum = 0;
    int picked = 0;
    for (int c = 0; c < channels; c++) {
      int sample = in.nextSample();
      if (sample == END) {
        return END; // a partial last frame is dropped
      }
      sum += sample;
      if (c == channel) {
        picked = sample;
      }
    }
    return channel == DOWNMIX ? sum / channels : picked;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
