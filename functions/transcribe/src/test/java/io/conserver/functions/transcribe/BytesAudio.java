package io.conserver.functions.transcribe;

import io.conserver.functions.transcribe.engine.TranscriptionRequest;
import io.conserver.media.audio.AudioPipeline;
import io.conserver.vcon.ContentHash;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import javax.sound.sampled.AudioInputStream;

/** Encoded audio held in a test, offered to an engine through the shared decoder. */
public record BytesAudio(byte[] encoded, String mediatype) implements TranscriptionRequest.Audio {
  public static TranscriptionRequest request(byte[] encoded) {
    return new TranscriptionRequest(
        "019f0000-0000-8000-8000-000000000000",
        0,
        -1,
        new BytesAudio(encoded, "audio/ogg"),
        Optional.empty(),
        1);
  }

  @Override
  public AudioInputStream pcm16kMono() {
    return AudioPipeline.mono16k(new ByteArrayInputStream(encoded));
  }

  @Override
  public InputStream original() {
    return new ByteArrayInputStream(encoded);
  }

  @Override
  public long size() {
    return encoded.length;
  }

  @Override
  public String contentHash() {
    return ContentHash.sha512(encoded).toString();
  }

  @Override
  public Optional<URI> location() {
    return Optional.empty();
  }
}
