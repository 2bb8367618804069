package io.conserver.bench;

import io.conserver.media.audio.AudioPipeline;
import io.conserver.media.audio.SpanMasker;
import io.conserver.media.audio.WavFile;
import io.conserver.platform.media.MediaRef;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.storage.FileSystemBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Audio redaction as the redact stage does it, in a JVM with a 64 MB heap: a generated 44.1 kHz
 * stereo WAV (10 MB, 100 MB, 1 GB; no input file on disk) decoded to PCM, masked with a tone over
 * synthetic word timings (a 150-words-a-minute talker, one redacted 16-word card number every 30
 * seconds on the first channel), written to a temporary WAV and stored as content-addressed media
 * in a local bucket (hashed, then copied). Peak heap is printed after each iteration; it must not
 * grow with the recording.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx64m", "-Xms64m"})
public class AudioRedactionBenchmark {
  @Param({"10485760", "104857600", "1073741824"})
  public long bytes;

  private Path dir;
  private MediaStore media;
  private FileSystemBlobStore store;
  private List<SpanMasker.Range> ranges;

  @Setup(Level.Trial)
  public void bucket() throws IOException {
    dir = Files.createTempDirectory("conserver-bench-redact");
    store = new FileSystemBlobStore("bench", dir.resolve("b"), dir.resolve("m"));
    media = new MediaStore(store, MediaStore.defaultBaseUrl("bench"));
    ranges = ranges((bytes - 44) / 4 / 44_100.0);
  }

  /** Word timings of the synthetic talker, the redacted ones widened by a 150 ms margin. */
  static List<SpanMasker.Range> ranges(double seconds) {
    List<SpanMasker.Range> ranges = new ArrayList<>();
    double word = 0.4; // 150 words a minute
    for (double t = 10; t + 16 * word < seconds; t += 30) {
      for (int w = 0; w < 16; w++) { // one range per redacted word, as the stage makes them
        double start = t + w * word;
        ranges.add(SpanMasker.Range.ofSeconds(0, start, start + word * 0.8, 0.15, 44_100));
      }
    }
    return ranges;
  }

  @Setup(Level.Iteration)
  public void resetPeaks() {
    HeapPeak.reset();
  }

  @TearDown(Level.Iteration)
  public void reportPeak() {
    System.out.printf(
        "%n[redact-audio] bytes=%d ranges=%d peak heap used=%.1f MiB%n",
        bytes, ranges.size(), HeapPeak.mebibytes());
  }

  @TearDown(Level.Trial)
  public void cleanUp() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Benchmark
  public MediaRef maskAndStore() throws IOException {
    Path wav = Files.createTempFile(dir, "redacted-", ".wav");
    try (AudioInputStream pcm =
        AudioPipeline.pcm16(new MediaStreamingBenchmark.GeneratedWav(bytes))) {
      SpanMasker masked = new SpanMasker(pcm, 2, 44_100f, ranges, SpanMasker.Fill.TONE);
      WavFile.write(masked, 2, 44_100, wav);
      MediaRef ref = media.importFile(wav, "audio/x-wav");
      store.delete(ref.key()); // the next iteration stores it again
      return ref;
    } finally {
      Files.deleteIfExists(wav);
    }
  }
}
