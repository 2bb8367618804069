package io.conserver.functions.transcribe.cloud.openai;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Cuts a 16 kHz 16-bit mono PCM stream into pieces of at most {@code maxBytes}, each spooled to a
 * temporary file so that neither the recording nor a piece is held in memory (the buffers are
 * fixed: one read buffer and one search window). A piece that reaches the bound is cut in the
 * quietest 20 ms of its last stretch (a quarter of the piece, at most 2 s), so a cut rarely splits
 * a word; the rest of that stretch starts the next piece.
 */
final class PcmChunker implements AutoCloseable {
  static final int BYTES_PER_SECOND = 32_000;
  private static final int FRAME = 640; // 20 ms
  private static final int MAX_WINDOW = 2 * BYTES_PER_SECOND;

  /** One piece: its PCM in {@code file}, where it starts in the recording. */
  record Piece(int index, Path file, long bytes, double offsetSeconds) {
    double seconds() {
      return (double) bytes / BYTES_PER_SECOND;
    }
  }

  private final InputStream pcm;
  private final long maxBytes;
  private final int window;
  private final Path dir;
  private final byte[] buffer = new byte[64 * 1024];
  private byte[] carry = new byte[0];
  private long offsetBytes;
  private int index;
  private boolean ended;

  PcmChunker(InputStream pcm, long maxBytes, Path dir) {
    if (maxBytes < 4 * FRAME) {
      throw new IllegalArgumentException("pieces must hold at least 80 ms");
    }
    this.pcm = pcm;
    this.maxBytes = maxBytes - maxBytes % 2;
    this.window = (int) Math.min(MAX_WINDOW, (this.maxBytes / 4) - (this.maxBytes / 4) % 2);
    this.dir = dir;
  }

  /** The next piece, or empty at the end. The caller deletes the piece's file. */
  Optional<Piece> next() throws IOException {
    if (ended && carry.length == 0) {
      return Optional.empty();
    }
    Path file = Files.createTempFile(dir, "asr-piece-", ".pcm");
    try {
      long size = fill(file);
      if (size == 0) {
        Files.delete(file);
        return Optional.empty();
      }
      if (!ended) {
        size = cutInQuietest(file, size);
      }
      Piece piece = new Piece(index++, file, size, (double) offsetBytes / BYTES_PER_SECOND);
      offsetBytes += size;
      return Optional.of(piece);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /** Writes the carried tail, then the stream, until the piece is full or the stream ends. */
  private long fill(Path file) throws IOException {
    long size;
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(carry);
      size = carry.length;
      carry = new byte[0];
      while (size < maxBytes) {
        int n = pcm.read(buffer, 0, (int) Math.min(buffer.length, maxBytes - size));
        if (n < 0) {
          ended = true;
          break;
        }
        out.write(buffer, 0, n);
        size += n;
      }
    }
    return size - size % 2;
  }

  /** Truncates the piece in the quietest frame of its last stretch; keeps the rest to carry. */
  private long cutInQuietest(Path file, long size) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      byte[] tail = new byte[window];
      long tailStart = size - window;
      raf.seek(tailStart);
      raf.readFully(tail);
      int cut = quietestFrameMiddle(tail);
      carry = Arrays.copyOfRange(tail, cut, tail.length);
      raf.setLength(tailStart + cut);
      return tailStart + cut;
    }
  }

  /** The middle of the lowest-energy 20 ms frame; the later one on ties (a longer piece). */
  static int quietestFrameMiddle(byte[] pcm) {
    long best = Long.MAX_VALUE;
    int bestStart = 0;
    for (int start = 0; start + FRAME <= pcm.length; start += FRAME / 2) {
      long energy = 0;
      for (int i = start; i < start + FRAME; i += 2) {
        energy += Math.abs((short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8)));
      }
      if (energy <= best) {
        best = energy;
        bestStart = start;
      }
    }
    return bestStart + FRAME / 2;
  }

  @Override
  public void close() throws IOException {
    pcm.close();
  }
}
