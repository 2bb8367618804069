package io.conserver.functions.redact;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Test audio and transcript entries shaped like the transcribe stage's (HELPERS.md contract). */
final class TestCalls {
  static final int RATE = 8000;

  private TestCalls() {}

  /** A 440 Hz sine on each channel (660 Hz on the second), 16-bit PCM WAV. */
  static byte[] wav(double seconds, int channels) {
    int frames = (int) Math.round(RATE * seconds);
    byte[] pcm = new byte[frames * channels * 2];
    for (int i = 0; i < frames; i++) {
      for (int c = 0; c < channels; c++) {
        int s = sample(i, c);
        pcm[(i * channels + c) * 2] = (byte) s;
        pcm[(i * channels + c) * 2 + 1] = (byte) (s >> 8);
      }
    }
    AudioFormat format = new AudioFormat(RATE, 16, channels, true, false);
    try (AudioInputStream in =
        new AudioInputStream(new ByteArrayInputStream(pcm), format, frames)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int sample(int frame, int channel) {
    double hz = channel == 0 ? 440 : 660;
    return (int) Math.round(12000 * Math.sin(2 * Math.PI * hz * frame / RATE));
  }

  /** What {@code SpanMasker}'s tone is at a frame. */
  static int tone(int frame) {
    return (int) Math.round(32767 * 0.25 * Math.sin(2 * Math.PI * 1000 * frame / RATE));
  }

  /**
   * A transcript entry: words one after another, each {@code step} seconds from {@code start}.
   *
   * @param channel -1 for a whole-dialog transcript
   */
  static ObjectNode transcript(int dialog, int channel, int party, double start, String text) {
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("type", "transcript");
    entry.put("dialog", dialog);
    entry.put("vendor", "cmu");
    entry.put("product", "pocketsphinx-5prealpha");
    entry.put("schema", "conserver-transcript/1");
    entry.put("mediatype", "application/json");
    entry.put("encoding", "json");
    ObjectNode body = entry.putObject("body");
    body.put("language", "en-US");
    body.put("text", text);
    if (channel >= 0) {
      body.put("channel", channel);
    }
    ArrayNode words = body.putArray("words");
    double t = start;
    for (String word : text.split(" ")) {
      ObjectNode w = words.addObject();
      w.put("word", word);
      w.put("start", Math.round(t * 1000) / 1000.0);
      w.put("end", Math.round((t + 0.1) * 1000) / 1000.0);
      w.put("confidence", 0.9);
      w.put("party", party);
      t += 0.1;
    }
    return entry;
  }
}
