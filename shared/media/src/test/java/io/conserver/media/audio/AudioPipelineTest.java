package io.conserver.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.conserver.media.MediaException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import org.junit.jupiter.api.Test;

class AudioPipelineTest {
  /** The repository's sample call: 8 kHz mono MP3, 33 s. */
  private static final Path RECORDED_CALL = Path.of("../../events/conversations/recorded-call.mp3");

  @Test
  void decodesTheRecordedCallMp3() throws Exception {
    short[] samples;
    try (InputStream mp3 = Files.newInputStream(RECORDED_CALL);
        AudioInputStream pcm = AudioPipeline.mono16k(mp3)) {
      samples = Wav.samples(pcm);
    }
    double seconds = samples.length / 16_000.0;
    assertThat(seconds).isCloseTo(33.1, within(0.3));
    assertThat(Wav.rms(samples)).isGreaterThan(100);
    long loud = Arrays.stream(toInts(samples)).filter(s -> Math.abs(s) > 1000).count();
    assertThat(loud).isGreaterThan(16_000); // at least a second's worth of speech-level samples
  }

  /**
   * src/test/resources/audio: 1.5 s of a 440 Hz tone, encoded once with Debian's {@code oggenc -q
   * 0} (Vorbis: 44.1 kHz stereo with the tone on the left, and 22.05 kHz mono) and {@code opusenc
   * --bitrate 16} (Opus, from the 22.05 kHz mono tone); never re-encoded in CI.
   */
  @Test
  void decodesOggVorbis() throws Exception {
    short[] samples;
    try (InputStream ogg = resource("tone-440hz-44k1-stereo.ogg");
        AudioInputStream pcm = AudioPipeline.mono16k(ogg)) {
      samples = Wav.samples(pcm);
    }
    assertThat(samples.length / 16_000.0).isCloseTo(1.5, within(0.05));
    assertThat(Wav.goertzel(samples, 440, 16_000))
        .isGreaterThan(100 * Wav.goertzel(samples, 1000, 16_000));
  }

  /**
   * vorbisspi 1.0.3.3 (jorbis) decodes this 22.05 kHz mono file to nothing at all; what matters
   * here is that it says so instead of yielding empty audio.
   */
  @Test
  void vorbisTheDecoderCannotReadIsRefusedClearly() {
    assertThatThrownBy(
            () -> Wav.samples(AudioPipeline.mono16k(resource("tone-440hz-22k-mono.ogg"))))
        .isInstanceOf(MediaException.class)
        .hasMessage("the audio decodes to no samples");
  }

  @Test
  void decodesOggOpus() throws Exception {
    short[] samples;
    try (InputStream opus = resource("tone-440hz.opus");
        AudioInputStream pcm = AudioPipeline.mono16k(opus)) {
      samples = Wav.samples(pcm);
    }
    // The last page's end trimming is not applied: up to one 20 ms frame too long.
    assertThat(samples.length / 16_000.0).isBetween(1.49, 1.53);
    assertThat(Wav.goertzel(samples, 440, 16_000))
        .isGreaterThan(100 * Wav.goertzel(samples, 1000, 16_000));
  }

  @Test
  void truncatedOpusIsRefusedClearly() throws Exception {
    byte[] opus = resource("tone-440hz.opus").readAllBytes();
    byte[] truncated = Arrays.copyOf(opus, opus.length / 2);
    assertThatThrownBy(
            () -> Wav.samples(AudioPipeline.mono16k(new ByteArrayInputStream(truncated))))
        .isInstanceOf(MediaException.class)
        .hasMessageContaining("corrupt audio");
  }

  private static InputStream resource(String name) {
    return AudioPipelineTest.class.getResourceAsStream("/audio/" + name);
  }

  @Test
  void splitsStereoChannelsAndDownmixes() throws Exception {
    byte[] wav = Wav.sine(48_000, 1.0, 440, 0);
    try (InputStream in = new ByteArrayInputStream(wav)) {
      assertThat(AudioPipeline.channels(in)).isEqualTo(2);
    }
    short[] left = Wav.samples(AudioPipeline.channel16k(new ByteArrayInputStream(wav), 0));
    short[] right = Wav.samples(AudioPipeline.channel16k(new ByteArrayInputStream(wav), 1));
    short[] mix = Wav.samples(AudioPipeline.mono16k(new ByteArrayInputStream(wav)));
    assertThat(left).hasSize(16_000);
    assertThat(Wav.rms(left)).isGreaterThan(8000);
    assertThat(Wav.rms(right)).isZero();
    assertThat(Wav.rms(mix)).isCloseTo(Wav.rms(left) / 2, within(50.0));
    assertThatThrownBy(() -> AudioPipeline.channel16k(new ByteArrayInputStream(wav), 2))
        .isInstanceOf(MediaException.class)
        .hasMessage("the audio has 2 channel(s), not 3");
  }

  @Test
  void convertsOtherPcmLayouts() throws Exception {
    // 8-bit unsigned and 16-bit big-endian go through javax.sound.sampled's converters.
    byte[] u8 = new byte[8000];
    for (int i = 0; i < u8.length; i++) {
      u8[i] = (byte) (128 + 100 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
    }
    byte[] wav =
        Wav.wrap(
            u8, new AudioFormat(AudioFormat.Encoding.PCM_UNSIGNED, 8000, 8, 1, 1, 8000, false));
    short[] out = Wav.samples(AudioPipeline.mono16k(new ByteArrayInputStream(wav)));
    assertThat(out).hasSize(16_000);
    assertThat(Wav.zeroCrossings(out)).isCloseTo(2000, within(4));
  }

  @Test
  void zeroLengthAudioIsRefusedClearly() {
    assertThatThrownBy(() -> AudioPipeline.mono16k(new ByteArrayInputStream(new byte[0])))
        .isInstanceOf(MediaException.class)
        .hasMessage("the audio is empty (zero bytes)");
    byte[] noSamples = Wav.sine(16_000, 0, 440);
    assertThatThrownBy(
            () -> Wav.samples(AudioPipeline.mono16k(new ByteArrayInputStream(noSamples))))
        .isInstanceOf(MediaException.class)
        .hasMessage("the audio decodes to no samples");
  }

  @Test
  void corruptAudioIsRefusedClearly() {
    byte[] noise = new byte[20_000];
    new Random(7).nextBytes(noise);
    assertThatThrownBy(() -> Wav.samples(AudioPipeline.mono16k(new ByteArrayInputStream(noise))))
        .isInstanceOf(MediaException.class)
        .hasMessageContaining("corrupt");
    byte[] text =
        "this is a transcript, not audio".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Wav.samples(AudioPipeline.mono16k(new ByteArrayInputStream(text))))
        .isInstanceOf(MediaException.class)
        .hasMessageContaining("corrupt");
  }

  @Test
  void unsupportedCodecsAreRefusedClearly() {
    // A WAV header announcing format tag 0x0002 (MS ADPCM), which nothing here decodes.
    byte[] wav = Wav.sine(8000, 0.1, 440);
    wav[20] = 2;
    assertThatThrownBy(() -> Wav.samples(AudioPipeline.mono16k(new ByteArrayInputStream(wav))))
        .isInstanceOf(MediaException.class)
        .hasMessageContaining("unsupported");
  }

  private static int[] toInts(short[] samples) {
    int[] ints = new int[samples.length];
    for (int i = 0; i < samples.length; i++) {
      ints[i] = samples[i];
    }
    return ints;
  }
}
