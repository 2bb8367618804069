package io.conserver.media.audio;

import io.conserver.media.MediaException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * The audio track of a video (MP4/M4A, WebM/Matroska), extracted by Debian's {@code ffmpeg} as a
 * child process: the container streams into its stdin from a feeder thread while the first audio
 * track comes back on stdout as 16 kHz 16-bit PCM WAV with its channels kept (so a stereo track can
 * still be split per party). Neither the video nor its audio is ever held whole; closing the stream
 * ends the process.
 *
 * <p>Limit: an MP4 whose index ({@code moov}) comes after the media cannot be demuxed from a pipe;
 * ffmpeg then fails and the reason says so. Recorders that write "fast start" MP4 (index first) and
 * WebM stream fine.
 */
final class FfmpegAudio {
  static final String BINARY = "ffmpeg";
  private static final int TAIL = 2048;

  private FfmpegAudio() {}

  static AudioInputStream extract(InputStream container) {
    Process process;
    try {
      process =
          new ProcessBuilder(
                  List.of(
                      BINARY,
                      "-hide_banner",
                      "-loglevel",
                      "error",
                      "-i",
                      "pipe:0",
                      "-map",
                      "0:a:0",
                      "-vn",
                      "-sn",
                      "-dn",
                      "-acodec",
                      "pcm_s16le",
                      "-ar",
                      "16000",
                      "-bitexact",
                      "-f",
                      "wav",
                      "pipe:1"))
              .start();
    } catch (IOException e) {
      throw new MediaException(
          "video recordings need ffmpeg to extract their audio: apt-get install ffmpeg", false, e);
    }
    StringBuilder errors = new StringBuilder();
    daemon(() -> drain(process.getErrorStream(), errors), "ffmpeg-stderr");
    daemon(() -> feed(container, process.getOutputStream()), "ffmpeg-stdin");
    InputStream pcm = new ProcessOutput(process);
    try {
      AudioFormat format = readWavHeader(new DataInputStream(pcm));
      return new AudioInputStream(pcm, format, AudioSystem.NOT_SPECIFIED);
    } catch (IOException e) {
      process.destroyForcibly();
      throw new MediaException(reason(process, errors), false, e);
    }
  }

  /** The canonical header ffmpeg writes to a pipe: RIFF/WAVE, {@code fmt }, then {@code data}. */
  private static AudioFormat readWavHeader(DataInputStream in) throws IOException {
    if (!ascii(in, 4).equals("RIFF")) {
      throw new EOFException("no WAV stream");
    }
    in.readInt(); // size: unknown when writing to a pipe
    if (!ascii(in, 4).equals("WAVE")) {
      throw new EOFException("no WAV stream");
    }
    int channels = 0;
    int rate = 0;
    while (true) {
      String id = ascii(in, 4);
      long size = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
      if (id.equals("data")) {
        break;
      }
      if (id.equals("fmt ")) {
        in.readShort(); // PCM
        channels = Short.reverseBytes(in.readShort());
        rate = Integer.reverseBytes(in.readInt());
        in.skipNBytes(size - 8);
      } else {
        in.skipNBytes(size + (size & 1));
      }
    }
    if (channels <= 0 || rate <= 0) {
      throw new EOFException("the extracted audio has no format");
    }
    return new AudioFormat(rate, 16, channels, true, false);
  }

  private static String reason(Process process, StringBuilder errors) {
    try {
      process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String said;
    synchronized (errors) {
      said = errors.toString().strip();
    }
    if (said.contains("matches no streams")) {
      return "the video has no audio track";
    }
    if (said.contains("moov atom not found") || said.contains("partial file")) {
      return "the MP4's index (moov) is at its end, so it cannot be streamed: remux it with"
          + " ffmpeg -movflags +faststart";
    }
    return "the video's audio cannot be extracted"
        + (said.isEmpty() ? "" : ": " + said.lines().reduce((a, b) -> b).orElse(said));
  }

  private static String ascii(DataInputStream in, int n) throws IOException {
    byte[] bytes = new byte[n];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static void feed(InputStream container, OutputStream stdin) {
    try (InputStream in = container;
        OutputStream out = stdin) {
      in.transferTo(out);
    } catch (IOException e) {
      // ffmpeg stopped reading (it failed, or the reader closed early): its exit says why
    }
  }

  private static void drain(InputStream stderr, StringBuilder errors) {
    try (InputStream in = stderr) {
      byte[] buffer = new byte[1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        synchronized (errors) {
          errors.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
          if (errors.length() > TAIL) {
            errors.delete(0, errors.length() - TAIL);
          }
        }
      }
    } catch (IOException e) {
      // process gone
    }
  }

  private static void daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** ffmpeg's stdout; closing it ends the process (a reader that stops early leaves nothing). */
  private static final class ProcessOutput extends InputStream {
    private final Process process;
    private final InputStream out;

    ProcessOutput(Process process) {
      this.process = process;
      this.out = process.getInputStream();
    }

    @Override
    public int read() throws IOException {
      return out.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return out.read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      try {
        out.close();
      } finally {
        process.destroyForcibly();
      }
    }
  }
}
