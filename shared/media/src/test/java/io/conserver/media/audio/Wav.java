package io.conserver.media.audio;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Generates test WAVs: a sine per channel (0 Hz for silence). */
public final class Wav {
  private Wav() {}

  public static byte[] sine(int rate, double seconds, double... hzPerChannel) {
    int channels = hzPerChannel.length;
    int frames = (int) Math.round(rate * seconds);
    byte[] pcm = new byte[frames * channels * 2];
    for (int i = 0; i < frames; i++) {
      for (int c = 0; c < channels; c++) {
        double hz = hzPerChannel[c];
        int s = hz == 0 ? 0 : (int) Math.round(12000 * Math.sin(2 * Math.PI * hz * i / rate));
        int at = (i * channels + c) * 2;
        pcm[at] = (byte) s;
        pcm[at + 1] = (byte) (s >> 8);
      }
    }
    return wrap(pcm, new AudioFormat(rate, 16, channels, true, false));
  }

  public static byte[] wrap(byte[] pcm, AudioFormat format) {
    try (AudioInputStream in =
        new AudioInputStream(
            new ByteArrayInputStream(pcm), format, pcm.length / format.getFrameSize())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads 16-bit little-endian samples. */
  public static short[] samples(InputStream pcm) throws IOException {
    byte[] bytes = pcm.readAllBytes();
    short[] samples = new short[bytes.length / 2];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8));
    }
    return samples;
  }

  public static double rms(short[] samples) {
    double sum = 0;
    for (short s : samples) {
      sum += (double) s * s;
    }
    return Math.sqrt(sum / Math.max(1, samples.length));
  }

  /** Relative power at a frequency (Goertzel), normalised by length. */
  public static double goertzel(short[] samples, double hz, double rate) {
    double coefficient = 2 * Math.cos(2 * Math.PI * hz / rate);
    double s1 = 0;
    double s2 = 0;
    for (short sample : samples) {
      double s0 = sample + coefficient * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    return power / ((double) samples.length * samples.length);
  }

  public static int zeroCrossings(short[] samples) {
    int crossings = 0;
    for (int i = 1; i < samples.length; i++) {
      if ((samples[i - 1] < 0) != (samples[i] < 0)) {
        crossings++;
      }
    }
    return crossings;
  }
}
