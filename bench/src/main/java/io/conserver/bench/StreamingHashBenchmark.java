package io.conserver.bench;

import io.conserver.vcon.ContentHash;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SHA-512 content_hash of a stream of 2 GB in a JVM limited to a 64 MB heap: it can only pass if
 * hashing streams. The stream comes from a generator, so no 2 GB file is needed. Run with {@code
 * -prof gc} to see allocation per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx64m", "-Xms64m"})
public class StreamingHashBenchmark {
  @Param({"2147483648"})
  public long bytes;

  @Benchmark
  public ContentHash sha512OfGeneratedStream() throws IOException {
    return ContentHash.sha512(new GeneratedStream(bytes));
  }

  /** Bytes from a cheap generator, produced chunk by chunk. */
  static final class GeneratedStream extends InputStream {
    private final long size;
    private long position;

    GeneratedStream(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      return position < size ? (int) (position++ * 31 & 0xff) : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(length, size - position);
      for (int i = 0; i < n; i++) {
        buffer[offset + i] = (byte) (position++ * 31);
      }
      return n;
    }
  }
}
