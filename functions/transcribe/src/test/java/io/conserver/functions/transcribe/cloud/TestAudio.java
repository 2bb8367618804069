package io.conserver.functions.transcribe.cloud;

import io.conserver.functions.transcribe.engine.TranscriptionRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Generated audio for engine tests: 16 kHz mono PCM given per 10 ms frame as tone or silence,
 * offered as the port's three views (PCM, the original WAV bytes, an optional location).
 */
public final class TestAudio implements TranscriptionRequest.Audio {
  public static final AudioFormat PCM16K = new AudioFormat(16_000f, 16, 1, true, false);

  private final byte[] pcm;
  private final Optional<URI> location;
  private final Optional<byte[]> original;

  private TestAudio(byte[] pcm, Optional<URI> location, Optional<byte[]> original) {
    this.pcm = pcm;
    this.location = location;
    this.original = original;
  }

  /** {@code pattern}: one character per 10 ms, {@code '#'} a 440 Hz tone, anything else silence. */
  public static TestAudio frames(String pattern) {
    byte[] pcm = new byte[pattern.length() * 320];
    for (int f = 0; f < pattern.length(); f++) {
      if (pattern.charAt(f) != '#') {
        continue;
      }
      for (int i = 0; i < 160; i++) {
        int n = f * 160 + i;
        short s = (short) (8000 * Math.sin(2 * Math.PI * 440 * n / 16_000.0));
        pcm[2 * n] = (byte) s;
        pcm[2 * n + 1] = (byte) (s >> 8);
      }
    }
    return new TestAudio(pcm, Optional.empty(), Optional.empty());
  }

  public static TestAudio tone(double seconds) {
    return frames("#".repeat((int) Math.round(seconds * 100)));
  }

  public TestAudio at(URI location) {
    return new TestAudio(pcm, Optional.of(location), original);
  }

  /** The same audio whose stored original is these bytes (e.g. corrupt ones). */
  public TestAudio withOriginal(byte[] bytes) {
    return new TestAudio(pcm, location, Optional.of(bytes.clone()));
  }

  public TranscriptionRequest request(String language) {
    return new TranscriptionRequest(
        "0192a4e8-0000-8000-8000-000000000001", 0, 0, this, Optional.ofNullable(language), 2);
  }

  @Override
  public AudioInputStream pcm16kMono() {
    return new AudioInputStream(new ByteArrayInputStream(pcm), PCM16K, pcm.length / 2);
  }

  @Override
  public InputStream original() throws IOException {
    return new ByteArrayInputStream(wav());
  }

  public byte[] wav() throws IOException {
    if (original.isPresent()) {
      return original.get().clone();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AudioSystem.write(pcm16kMono(), AudioFileFormat.Type.WAVE, out);
    return out.toByteArray();
  }

  @Override
  public String mediatype() {
    return "audio/wav";
  }

  @Override
  public long size() {
    try {
      return wav().length;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String contentHash() {
    return "sha512-test" + pcm.length;
  }

  @Override
  public Optional<URI> location() {
    return location;
  }
}
