package io.conserver.functions.transcribe.cloud.deepgram;

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
 * {@code "engine": "deepgram"}. Options: {@code api_key} (required reference, e.g. {@code
 * env:DEEPGRAM_API_KEY}), {@code model} (default {@code nova-3}), {@code language} (BCP 47; the
 * dialog's own hint wins; detected when neither), {@code diarize} (default true), {@code timeout_s}
 * (default 300), {@code endpoint} (default {@code https://api.deepgram.com}).
 */
public final class DeepgramProvider implements TranscriberProvider {
  static final String ENGINE = "deepgram";

  @Override
  public String engine() {
    return ENGINE;
  }

  @Override
  public Transcriber create(ObjectNode options, SecretRefs secrets)
      throws SecretReferenceException {
    EngineOptions o = new EngineOptions(ENGINE, options);
    String apiKey = o.secret("api_key", secrets);
    DeepgramSettings settings =
        new DeepgramSettings(
            o.text("model", "nova-3"), o.text("language"), o.flag("diarize", true));
    Duration timeout = Duration.ofSeconds(o.integer("timeout_s", 300, 1, 3600));
    return new DeepgramTranscriber(
        o.endpoint("https://api.deepgram.com"),
        apiKey,
        settings,
        new VendorHttp<>(ENGINE, timeout, List.of(apiKey), TranscriptionException::of));
  }
}
