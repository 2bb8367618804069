package io.conserver.functions.transcribe.sphinx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.transcribe.engine.Transcriber;
import io.conserver.functions.transcribe.engine.TranscriberProvider;
import io.conserver.platform.secrets.SecretRefs;
import java.time.Duration;
import java.util.List;

/**
 * The offline default ({@code "engine": "pocketsphinx"}). Options: {@code timeout_s} per track
 * (default 600). A missing binary is not an error here: the engine refuses each call with the
 * install hint, so the stage quarantines with a message that says what to do.
 */
public final class PocketSphinxProvider implements TranscriberProvider {
  public static final String ENGINE = "pocketsphinx";
  static final int DEFAULT_TIMEOUT_S = 600;

  /** Decoder options, chosen on the dev part of the speech set only (see README, Transcription). */
  static final List<String> DECODER_FLAGS = List.of();

  @Override
  public String engine() {
    return ENGINE;
  }

  @Override
  public Transcriber create(ObjectNode options, SecretRefs secrets) {
    int timeout = options.path("timeout_s").asInt(DEFAULT_TIMEOUT_S);
    return new PocketSphinxTranscriber(
        SphinxBinary.locate(), Duration.ofSeconds(Math.max(1, timeout)), DECODER_FLAGS);
  }
}
