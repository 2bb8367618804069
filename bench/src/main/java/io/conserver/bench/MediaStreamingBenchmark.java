package io.conserver.bench;

import io.conserver.media.audio.AudioPipeline;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.HashingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Media streaming in one pass: SHA-512 content_hash + WAV decode + stereo downmix + resample 44.1
 * kHz to 16 kHz, of a generated WAV (no file on disk) of 10 MB and of 1 GB, in a JVM with a 64 MB
 * heap. Peak heap (the sum of the heap pools' peaks since the iteration began) is printed after
 * each iteration; it must not grow with the recording's length.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx64m", "-Xms64m"})
public class MediaStreamingBenchmark {
  @Param({"10485760", "1073741824"})
  public long bytes;

  @Setup(Level.Iteration)
  public void resetPeaks() {
    HeapPeak.reset();
  }

  @TearDown(Level.Iteration)
  public void reportPeak() {
    System.out.printf("%n[media] bytes=%d peak heap used=%.1f MiB%n", bytes, HeapPeak.mebibytes());
  }

  @Benchmark
  public ContentHash hashDecodeResample() throws IOException {
    HashingInputStream hashing = HashingInputStream.sha512(new GeneratedWav(bytes));
    try (AudioInputStream pcm = AudioPipeline.mono16k(hashing)) {
      pcm.transferTo(OutputStream.nullOutputStream());
    }
    return hashing.sha512();
  }

  /** A 44.1 kHz stereo 16-bit WAV of the given total size: header, then a generated tone. */
  static final class GeneratedWav extends InputStream {
    private static final int RATE = 44_100;
    private final byte[] header;
    private final long size;
    private long position;

    GeneratedWav(long size) {
      this.size = size;
      long data = size - 44;
      header = new byte[44];
      put(0, "RIFF");
      int32(4, size - 8);
      put(8, "WAVEfmt ");
      int32(16, 16);
      int16(20, 1); // PCM
      int16(22, 2); // stereo
      int32(24, RATE);
      int32(28, RATE * 4L);
      int16(32, 4);
      int16(34, 16);
      put(36, "data");
      int32(40, data);
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(length, size - position);
      for (int i = 0; i < n; i++, position++) {
        buffer[offset + i] = position < 44 ? header[(int) position] : sample(position - 44);
      }
      return n;
    }

    /** A cheap 441 Hz triangle-ish tone, little-endian, the same on both channels. */
    private static byte sample(long at) {
      long frame = at / 4;
      int value = (int) ((frame % 100) * 600 - 30_000);
      return (at & 1) == 0 ? (byte) value : (byte) (value >> 8);
    }

    private void put(int at, String ascii) {
      for (int i = 0; i < ascii.length(); i++) {
        header[at + i] = (byte) ascii.charAt(i);
      }
    }

    private void int32(int at, long value) {
      for (int i = 0; i < 4; i++) {
        header[at + i] = (byte) (value >> (8 * i));
      }
    }

    private void int16(int at, int value) {
      header[at] = (byte) value;
      header[at + 1] = (byte) (value >> 8);
    }
  }
}
