package io.conserver.functions.transcribe.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import javax.sound.sampled.AudioInputStream;

/**
 * The audio of one dialog (or one of its channels), offered three ways so each engine takes what it
 * needs without the stage knowing which: decoded 16 kHz mono PCM (offline engines), the original
 * encoded bytes (upload engines such as OpenAI), and a location the engine's service can read
 * itself (an {@code s3://} or {@code gs://} URI for the tenant's cloud ASR, an {@code https} URL
 * for Deepgram). Every stream is opened lazily and streamed, never held whole.
 *
 * @param languageHint BCP 47 tag declared by the pipeline or the dialog, if any
 * @param speakers how many speakers to separate when the engine diarises (0: unknown)
 */
public record TranscriptionRequest(
    String conversationId,
    int dialogIndex,
    int channel,
    Audio audio,
    Optional<String> languageHint,
    int speakers) {

  /** Access to the audio; each call opens a fresh stream the caller closes. */
  public interface Audio {
    /** Decoded, resampled to 16 kHz, 16-bit signed little-endian mono. */
    AudioInputStream pcm16kMono() throws IOException;

    /** The original encoded bytes, as stored. */
    InputStream original() throws IOException;

    /** The original's media type, e.g. {@code audio/wav}. */
    String mediatype();

    /** The original's size in bytes, when known (-1 otherwise). */
    long size();

    /** SHA-512 content_hash of the original, as in the vCon. */
    String contentHash();

    /** Where the engine's own service can read the original, if it can. */
    Optional<URI> location();
  }
}
