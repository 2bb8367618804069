package io.conserver.media.audio;

import io.conserver.media.MediaException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Encoded audio (WAV/AIFF/AU PCM, MP3 and Ogg/Vorbis through {@code javax.sound.sampled} and its
 * service providers; Ogg Opus through {@link OggOpusStream}; the audio track of MP4/WebM video
 * through {@link FfmpegAudio}) to 16 kHz mono signed 16-bit little-endian PCM, streaming end to
 * end: decode, convert to 16-bit, pick or mix channels, resample. Failures are {@link
 * MediaException}s with a reason fit for quarantine, also when they happen mid-stream.
 */
public final class AudioPipeline {
  public static final float TARGET_RATE = 16_000f;

  /** 16 kHz, 16-bit, mono, signed, little-endian. */
  public static final AudioFormat TARGET = new AudioFormat(TARGET_RATE, 16, 1, true, false);

  /** Enough look-ahead for the readers to sniff a header (and an ID3 tag before MP3 frames). */
  private static final int SNIFF_BYTES = 256 * 1024;

  private AudioPipeline() {}

  /** The source's channel count, reading only its header. */
  public static int channels(InputStream encoded) {
    try (AudioInputStream decoded = decode(encoded)) {
      return decoded.getFormat().getChannels();
    } catch (IOException e) {
      throw new MediaException("the audio cannot be read: " + e.getMessage(), false, e);
    }
  }

  /** All channels averaged into one. */
  public static AudioInputStream mono16k(InputStream encoded) {
    return convert(encoded, ChannelMixer.DOWNMIX);
  }

  /** One channel (0-based) of a multi-channel recording. */
  public static AudioInputStream channel16k(InputStream encoded, int channel) {
    if (channel < 0) {
      throw new IllegalArgumentException("channel must not be negative");
    }
    return convert(encoded, channel);
  }

  private static AudioInputStream convert(InputStream encoded, int channel) {
    AudioInputStream pcm = decode(encoded);
    AudioFormat format = pcm.getFormat();
    int channels = format.getChannels();
    if (channel >= channels) {
      throw new MediaException("the audio has " + channels + " channel(s), not " + (channel + 1));
    }
    SampleStream samples = new PcmSamples(pcm);
    if (channels > 1 || channel > 0) {
      samples = new ChannelMixer(samples, channels, channels == 1 ? 0 : channel);
    }
    int rate = Math.round(format.getSampleRate());
    if (rate != (int) TARGET_RATE) {
      samples = new LinearResampler(samples, rate, (int) TARGET_RATE);
    }
    return new AudioInputStream(new Checked(samples), TARGET, AudioSystem.NOT_SPECIFIED);
  }

  /**
   * Decoded to signed 16-bit little-endian PCM at the source's rate and channel count (frames
   * interleaved), streaming: what a stage that rewrites the audio itself starts from.
   */
  public static AudioInputStream pcm16(InputStream encoded) {
    return decode(encoded);
  }

  /** Decoded to signed 16-bit little-endian PCM at the source's rate and channel count. */
  static AudioInputStream decode(InputStream encoded) {
    BufferedInputStream in = new BufferedInputStream(encoded, 64 * 1024);
    try {
      in.mark(Container.SNIFF);
      byte[] head = in.readNBytes(Container.SNIFF);
      if (head.length == 0) {
        throw new MediaException("the audio is empty (zero bytes)");
      }
      in.reset();
      in.mark(SNIFF_BYTES);
      AudioInputStream source = Container.sniff(head, head.length).open(in);
      AudioFormat format = source.getFormat();
      if (format.getChannels() <= 0 || format.getSampleRate() <= 0) {
        throw new MediaException("the audio declares no channels or no sample rate");
      }
      AudioFormat pcm16 =
          new AudioFormat(
              AudioFormat.Encoding.PCM_SIGNED,
              format.getSampleRate(),
              16,
              format.getChannels(),
              format.getChannels() * 2,
              format.getSampleRate(),
              false);
      if (format.matches(pcm16)) {
        return source;
      }
      if (!AudioSystem.isConversionSupported(pcm16, format)) {
        throw new MediaException(
            "unsupported codec: " + format.getEncoding() + " (" + format + ")");
      }
      return AudioSystem.getAudioInputStream(pcm16, source);
    } catch (UnsupportedAudioFileException e) {
      throw new MediaException(
          "unsupported or corrupt audio: not WAV/AIFF/AU PCM, MP3, Ogg/Vorbis, Ogg Opus or MP4/WebM"
              + " video, or its header is damaged",
          false,
          e);
    } catch (IOException e) {
      throw new MediaException("the audio cannot be read: " + e.getMessage(), false, e);
    } catch (RuntimeException e) {
      if (e instanceof MediaException) {
        throw e;
      }
      throw new MediaException("corrupt audio: the decoder failed on its header", false, e);
    }
  }

  /**
   * Turns decoder failures mid-stream into {@link MediaException}s (decoders throw anything from
   * IOException to ArrayIndexOutOfBoundsException on corrupt frames) and refuses audio that decodes
   * to no samples at all.
   */
  private static final class Checked extends InputStream {
    private final SampleStream in;
    private long bytes;

    Checked(SampleStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n;
      try {
        n = in.read(buffer, offset, length);
      } catch (IOException e) {
        if (e.getClass().getName().startsWith("io.conserver.platform.fetch")) {
          throw new MediaException(e.getMessage(), false, e);
        }
        throw new MediaException("corrupt audio: " + e.getMessage(), false, e);
      } catch (MediaException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new MediaException("corrupt audio: the decoder failed (" + e + ")", false, e);
      }
      if (n > 0) {
        bytes += n;
      } else if (n < 0 && bytes == 0) {
        throw new MediaException("the audio decodes to no samples");
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
