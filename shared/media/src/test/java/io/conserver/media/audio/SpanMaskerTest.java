package io.conserver.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sound.sampled.AudioInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpanMaskerTest {
  @TempDir Path dir;

  private static short[] masked(
      byte[] wav, List<SpanMasker.Range> ranges, SpanMasker.Fill fill, int readSize)
      throws Exception {
    try (AudioInputStream pcm = AudioPipeline.pcm16(new ByteArrayInputStream(wav))) {
      // A plain stream (AudioInputStream hands out whole frames only), so odd read sizes split
      // frames and samples.
      InputStream in =
          new SpanMasker(
              new ByteArrayInputStream(pcm.readAllBytes()),
              pcm.getFormat().getChannels(),
              pcm.getFormat().getSampleRate(),
              ranges,
              fill);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[readSize];
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
      }
      return Wav.samples(new ByteArrayInputStream(out.toByteArray()));
    }
  }

  @Test
  void silence_replacesExactlyTheRangeOfTheNamedChannel_whateverTheReadSize() throws Exception {
    byte[] wav = Wav.sine(8000, 1.0, 440, 660);
    short[] original = masked(wav, List.of(), SpanMasker.Fill.SILENCE, 4096);
    for (int readSize : new int[] {1, 3, 7, 4096}) {
      short[] out =
          masked(
              wav, List.of(new SpanMasker.Range(0, 1000, 2000)), SpanMasker.Fill.SILENCE, readSize);
      assertThat(out).hasSameSizeAs(original);
      for (int frame = 0; frame < 8000; frame++) {
        boolean inRange = frame >= 1000 && frame < 2000;
        assertThat(out[2 * frame]).isEqualTo(inRange ? 0 : original[2 * frame]);
        assertThat(out[2 * frame + 1]).isEqualTo(original[2 * frame + 1]); // channel 1 untouched
      }
    }
  }

  @Test
  void tone_coversEveryChannelForADownmixRange_andOverlappingRangesMerge() throws Exception {
    byte[] wav = Wav.sine(8000, 1.0, 0, 0); // silent stereo: any sound is the tone
    short[] out =
        masked(
            wav,
            List.of(new SpanMasker.Range(-1, 4000, 4400), new SpanMasker.Range(-1, 4200, 4800)),
            SpanMasker.Fill.TONE,
            4096);
    double inside = 0;
    for (int frame = 4000; frame < 4800; frame++) {
      inside += Math.abs(out[2 * frame]) + Math.abs(out[2 * frame + 1]);
      assertThat(out[2 * frame]).isEqualTo(out[2 * frame + 1]);
    }
    assertThat(inside / 1600).isGreaterThan(4000); // a -12 dBFS sine averages ~5200
    for (int frame = 0; frame < 8000; frame++) {
      if (frame < 4000 || frame >= 4800) {
        assertThat(out[2 * frame]).isZero();
      }
    }
  }

  @Test
  void rangeInSeconds_isWidenedByTheMargin_andNeverNegative() {
    SpanMasker.Range r = SpanMasker.Range.ofSeconds(1, 0.05, 1.0, 0.1, 16000);
    assertThat(r.startFrame()).isZero();
    assertThat(r.endFrame()).isEqualTo(17600);
    assertThat(r.channel()).isEqualTo(1);
  }

  @Test
  void wavFile_writesAStreamOfUnknownLength_withCorrectSizes() throws Exception {
    byte[] wav = Wav.sine(8000, 0.5, 440, 660);
    Path file = dir.resolve("out.wav");
    long data;
    try (AudioInputStream pcm = AudioPipeline.pcm16(new ByteArrayInputStream(wav))) {
      data = WavFile.write(pcm, 2, 8000, file);
    }
    assertThat(data).isEqualTo(4000L * 2 * 2);
    assertThat(Files.size(file)).isEqualTo(44 + data);
    try (AudioInputStream back =
        javax.sound.sampled.AudioSystem.getAudioInputStream(file.toFile())) {
      assertThat(back.getFormat().getChannels()).isEqualTo(2);
      assertThat(back.getFormat().getSampleRate()).isEqualTo(8000f);
      assertThat(back.getFrameLength()).isEqualTo(4000);
    }
  }
}
