package io.conserver.functions.transcribe.sphinx;

import io.conserver.functions.transcribe.engine.TranscriptionException;
import io.conserver.functions.transcribe.engine.TranscriptionException.Kind;
import io.conserver.functions.transcribe.engine.TranscriptionRequest;
import io.conserver.media.MediaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Streams a track's 16 kHz mono PCM into the engine's stdin in small chunks and closes it at the
 * end, counting the bytes (the audio's length). A decoding failure is kept as the run's failure:
 * corrupt or empty audio is permanent, media that could not be read for now is transient. A write
 * failure only means the engine went away; its exit status tells why.
 */
final class PcmFeeder implements Runnable {
  private static final int CHUNK = 32 * 1024;

  private final TranscriptionRequest.Audio audio;
  private final OutputStream engine;
  private volatile long fed;
  private volatile TranscriptionException failure;

  PcmFeeder(TranscriptionRequest.Audio audio, OutputStream engine) {
    this.audio = audio;
    this.engine = engine;
  }

  @Override
  public void run() {
    try (InputStream pcm = audio.pcm16kMono()) {
      byte[] buffer = new byte[CHUNK];
      for (int n = pcm.read(buffer); n >= 0; n = pcm.read(buffer)) {
        if (!write(buffer, n)) {
          return;
        }
      }
    } catch (MediaException e) {
      failure =
          new TranscriptionException(
              e.retryable() ? Kind.TRANSIENT : Kind.PERMANENT, e.getMessage(), e);
    } catch (IOException e) {
      failure = new TranscriptionException(Kind.TRANSIENT, "the audio could not be read: " + e, e);
    } finally {
      try {
        engine.close(); // end of input: the engine finishes its last utterance and exits
      } catch (IOException engineGone) {
        // it exited already; its status says why
      }
    }
  }

  private boolean write(byte[] buffer, int n) {
    try {
      engine.write(buffer, 0, n);
      fed += n;
      return true;
    } catch (IOException engineGone) {
      return false;
    }
  }

  long bytesFed() {
    return fed;
  }

  Optional<TranscriptionException> failure() {
    return Optional.ofNullable(failure);
  }
}
