package io.conserver.functions.transcribe.cloud.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.transcribe.cloud.EngineOptions;
import io.conserver.functions.transcribe.engine.Transcriber;
import io.conserver.functions.transcribe.engine.TranscriberProvider;
import io.conserver.functions.transcribe.engine.TranscriptionException;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.vendor.VendorHttp;
import java.time.Duration;
import java.util.List;

/**
 * {@code "engine": "openai"}. Options: {@code api_key} (required reference, e.g. {@code
 * env:OPENAI_API_KEY}), {@code model} (default {@code whisper-1}, the model that gives word
 * timestamps), {@code language} (BCP 47; the dialog's hint wins; detected when neither), {@code
 * piece_seconds} (default 600, at most 780: 780 s of 16 kHz 16-bit mono is 24.96 MB, under the 25
 * MB upload limit), {@code timeout_s} (per piece, default 300), {@code endpoint} (default {@code
 * https://api.openai.com}).
 */
public final class OpenAiProvider implements TranscriberProvider {
  static final String ENGINE = "openai";
  static final int MAX_PIECE_SECONDS = 780;

  @Override
  public String engine() {
    return ENGINE;
  }

  @Override
  public Transcriber create(ObjectNode options, SecretRefs secrets)
      throws SecretReferenceException {
    EngineOptions o = new EngineOptions(ENGINE, options);
    String apiKey = o.secret("api_key", secrets);
    Duration timeout = Duration.ofSeconds(o.integer("timeout_s", 300, 1, 3600));
    return new OpenAiTranscriber(
        o.endpoint("https://api.openai.com"),
        apiKey,
        o.text("model", "whisper-1"),
        o.text("language"),
        o.integer("piece_seconds", 600, 1, MAX_PIECE_SECONDS),
        new VendorHttp<>(ENGINE, timeout, List.of(apiKey), TranscriptionException::of));
  }
}
