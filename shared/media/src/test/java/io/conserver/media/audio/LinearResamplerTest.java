package io.conserver.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import javax.sound.sampled.AudioInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinearResamplerTest {
  @Test
  void aThousandHertzSineAt44k1StaysAThousandHertzAt16k() throws Exception {
    byte[] wav = Wav.sine(44_100, 2.0, 1000);
    short[] out;
    try (AudioInputStream in = AudioPipeline.mono16k(new ByteArrayInputStream(wav))) {
      assertThat(in.getFormat().matches(AudioPipeline.TARGET)).isTrue();
      out = Wav.samples(in);
    }
    assertThat(out.length).isEqualTo(32_000); // ceil(88200 * 16000 / 44100), exactly
    // 1 kHz for 2 s: 4000 zero crossings.
    assertThat(Wav.zeroCrossings(out)).isCloseTo(4000, within(2));
    double at1k = Wav.goertzel(out, 1000, 16_000);
    assertThat(at1k).isGreaterThan(1000 * Wav.goertzel(out, 1500, 16_000));
    assertThat(at1k).isGreaterThan(1000 * Wav.goertzel(out, 3000, 16_000));
  }

  @ParameterizedTest
  @CsvSource({"8000, 1", "44100, 1", "48000, 1", "22050, 1", "16000, 1", "11025, 0.37", "8000, 0"})
  void lengthIsExactWithinASample(int rate, double seconds) throws Exception {
    byte[] wav = Wav.sine(rate, seconds, 440);
    long inputSamples = Math.round(rate * seconds);
    long expected = (inputSamples * 16_000 + rate - 1) / rate;
    if (inputSamples == 0) {
      return; // zero samples is refused; see AudioPipelineTest
    }
    try (AudioInputStream in = AudioPipeline.mono16k(new ByteArrayInputStream(wav))) {
      assertThat((long) Wav.samples(in).length).isCloseTo(expected, within(1L));
    }
  }

  @Test
  void upsamplingInterpolatesBetweenSamples() throws Exception {
    // 8 kHz -> 16 kHz: every other output sample is an input sample, the others their midpoints;
    // two input samples span two input periods, i.e. four output samples (the last one held).
    byte[] pcm = {0, 0, (byte) 0xe8, 0x03}; // 0, 1000
    LinearResampler resampler =
        new LinearResampler(new PcmSamples(new ByteArrayInputStream(pcm)), 8000, 16_000);
    assertThat(Wav.samples(resampler))
        .containsExactly((short) 0, (short) 500, (short) 1000, (short) 1000);
  }
}
