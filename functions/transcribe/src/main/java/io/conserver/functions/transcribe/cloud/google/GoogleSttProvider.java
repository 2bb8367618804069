package io.conserver.functions.transcribe.cloud.google;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.transcribe.cloud.EngineOptions;
import io.conserver.functions.transcribe.engine.Transcriber;
import io.conserver.functions.transcribe.engine.TranscriberProvider;
import io.conserver.functions.transcribe.engine.TranscriptionException;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.vendor.VendorHttp;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code "engine": "google-stt"}. Options: {@code project} (required), {@code location} (default
 * {@code global}; another location uses its regional endpoint {@code
 * https://<location>-speech.googleapis.com}), {@code recognizer} (default {@code _}, the implicit
 * one), {@code model} (default {@code long}), {@code language} (BCP 47; the dialog's hint wins;
 * {@code auto} when neither), {@code diarize} (default true), {@code separate_channels} (one result
 * per channel, the channel as speaker; default false), {@code timeout_s} (per call, default 30),
 * {@code access_token} (a reference to an OAuth token; default: the function's service account from
 * the metadata server), {@code endpoint}, {@code metadata_endpoint} (overrides).
 */
public final class GoogleSttProvider implements TranscriberProvider {
  static final String ENGINE = "google-stt";

  @Override
  public String engine() {
    return ENGINE;
  }

  @Override
  public Transcriber create(ObjectNode options, SecretRefs secrets)
      throws SecretReferenceException {
    EngineOptions o = new EngineOptions(ENGINE, options);
    String project =
        o.text("project")
            .orElseThrow(() -> new IllegalArgumentException("google-stt needs options.project"));
    String location = o.text("location", "global");
    Optional<String> token = o.optionalSecret("access_token", secrets);
    AccessTokens tokens =
        token.isPresent()
            ? AccessTokens.fixed(token.get())
            : new MetadataServerTokens(
                URI.create(o.text("metadata_endpoint", MetadataServerTokens.DEFAULT.toString())),
                Clock.systemUTC());
    List<String> scrub = new ArrayList<>();
    token.ifPresent(scrub::add);
    URI endpoint =
        o.endpoint(
            "global".equals(location)
                ? "https://speech.googleapis.com"
                : "https://" + location + "-speech.googleapis.com");
    GoogleSpeechV2.GoogleSttSettings settings =
        new GoogleSpeechV2.GoogleSttSettings(
            project,
            location,
            o.text("recognizer", "_"),
            o.text("model", "long"),
            o.text("language"),
            o.flag("diarize", true),
            o.flag("separate_channels", false));
    return new GoogleSpeechV2(
        endpoint,
        settings,
        tokens,
        new VendorHttp<>(
            ENGINE,
            Duration.ofSeconds(o.integer("timeout_s", 30, 1, 600)),
            scrub,
            TranscriptionException::of));
  }
}
