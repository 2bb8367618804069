package io.conserver.media.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import javazoom.spi.mpeg.sampled.file.MpegAudioFileReader;
import javazoom.spi.vorbis.sampled.file.VorbisAudioFileReader;

/**
 * Picks the reader from the container's magic bytes instead of letting {@link AudioSystem} offer
 * the stream to every installed reader in turn: the choice is deterministic whatever the service
 * order on the classpath, and Ogg Opus, which has no javax.sound reader, goes to {@link
 * OggOpusStream}.
 */
enum Container {
  WAVE_AIFF_AU,
  OGG_VORBIS,
  OGG_OPUS,
  MP3,
  /** MP4/M4A (ISO BMFF) and WebM/Matroska: the audio track is extracted by ffmpeg. */
  VIDEO,
  UNKNOWN;

  static final int SNIFF = 64;

  static Container sniff(byte[] head, int length) {
    String ascii = new String(head, 0, length, StandardCharsets.ISO_8859_1);
    if (ascii.startsWith("RIFF") || ascii.startsWith("FORM") || ascii.startsWith(".snd")) {
      return WAVE_AIFF_AU;
    }
    if (ascii.startsWith("OggS")) {
      return ascii.contains("OpusHead")
          ? OGG_OPUS
          : ascii.contains("vorbis") ? OGG_VORBIS : UNKNOWN;
    }
    if ((length >= 8 && ascii.startsWith("ftyp", 4))
        || (length >= 4
            && (head[0] & 0xff) == 0x1a
            && (head[1] & 0xff) == 0x45
            && (head[2] & 0xff) == 0xdf
            && (head[3] & 0xff) == 0xa3)) {
      return VIDEO;
    }
    if (ascii.startsWith("ID3")
        || (length >= 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xe0) == 0xe0)) {
      return MP3;
    }
    return UNKNOWN;
  }

  /** Opens the (marked, resettable) stream with this container's reader. */
  AudioInputStream open(InputStream in) throws IOException, UnsupportedAudioFileException {
    switch (this) {
      case WAVE_AIFF_AU:
        return AudioSystem.getAudioInputStream(in);
      case OGG_VORBIS:
        return new VorbisAudioFileReader().getAudioInputStream(in);
      case MP3:
        return new MpegAudioFileReader().getAudioInputStream(in);
      case OGG_OPUS:
        OggOpusStream opus = new OggOpusStream(in);
        return new AudioInputStream(
            opus,
            new AudioFormat(OggOpusStream.RATE, 16, opus.channels(), true, false),
            AudioSystem.NOT_SPECIFIED);
      case VIDEO:
        return FfmpegAudio.extract(in);
      default:
        throw new UnsupportedAudioFileException("unknown container");
    }
  }
}
