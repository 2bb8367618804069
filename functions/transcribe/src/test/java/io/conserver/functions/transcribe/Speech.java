package io.conserver.functions.transcribe;

import io.conserver.functions.transcribe.quality.SpeechSet;
import io.conserver.media.audio.AudioPipeline;
import io.conserver.media.audio.Wav;
import io.conserver.platform.testing.RepoPaths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Assumptions;

/** The committed speech set and audio helpers for tests. */
public final class Speech {
  public static final Path DIR =
      RepoPaths.resolve("functions/transcribe/src/test/resources/speech");

  private Speech() {}

  public static SpeechSet set() {
    try {
      return SpeechSet.load(DIR);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] opus(String id) {
    try {
      return Files.readAllBytes(DIR.resolve(id + ".opus"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String reference(String id) {
    return set().utterances().stream()
        .filter(u -> u.id().equals(id))
        .findFirst()
        .orElseThrow()
        .reference();
  }

  /** 16 kHz mono 16-bit PCM of an utterance, decoded by the shared pipeline. */
  public static byte[] pcm(String id) {
    try (InputStream in = AudioPipeline.mono16k(new ByteArrayInputStream(opus(id)))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A stereo WAV: one utterance on the left channel, another on the right, silence elsewhere. */
  public static byte[] stereo(String left, String right) {
    byte[] l = pcm(left);
    byte[] r = pcm(right);
    int frames = Math.max(l.length, r.length) / 2;
    byte[] out = new byte[frames * 4];
    for (int i = 0; i < frames; i++) {
      if (2 * i + 1 < l.length) {
        out[4 * i] = l[2 * i];
        out[4 * i + 1] = l[2 * i + 1];
      }
      if (2 * i + 1 < r.length) {
        out[4 * i + 2] = r[2 * i];
        out[4 * i + 3] = r[2 * i + 1];
      }
    }
    return Wav.wrap(out, new AudioFormat(16_000, 16, 2, true, false));
  }

  /**
   * Tests of the real engine need Debian's pocketsphinx. CI installs it (.ci/run) and there a
   * missing binary fails the run; on a developer machine without it these tests are skipped.
   */
  public static void assumeSphinx() {
    boolean installed = io.conserver.functions.transcribe.sphinx.SphinxTesting.installed();
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("pocketsphinx_continuous is missing in CI: .ci/run installs it");
    }
    Assumptions.assumeTrue(installed, "pocketsphinx is not installed");
  }
}
