package io.conserver.functions.transcribe.cloud.deepgram;

import static io.conserver.functions.transcribe.engine.TranscriptionException.Kind.PERMANENT;
import static io.conserver.functions.transcribe.engine.TranscriptionException.Kind.TRANSIENT;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.transcribe.cloud.DigitWords;
import io.conserver.functions.transcribe.engine.Progress;
import io.conserver.functions.transcribe.engine.Transcriber;
import io.conserver.functions.transcribe.engine.Transcript;
import io.conserver.functions.transcribe.engine.TranscriptionException;
import io.conserver.functions.transcribe.engine.TranscriptionRequest;
import io.conserver.platform.outside.TrustBoundary;
import io.conserver.platform.vendor.VendorHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Deepgram pre-recorded transcription ({@code POST /v1/listen}), answered in the same call. The
 * audio goes by URL when Deepgram can fetch it itself (an {@code https} location), otherwise the
 * original bytes are streamed as the request body. {@code smart_format} and {@code numerals} stay
 * off so numbers come back as the words spoken. A third party: the stage calls it only where the
 * pipeline opts in.
 */
final class DeepgramTranscriber implements Transcriber {
  private final URI endpoint;
  private final String apiKey;
  private final DeepgramSettings settings;
  private final VendorHttp<TranscriptionException> http;

  DeepgramTranscriber(
      URI endpoint,
      String apiKey,
      DeepgramSettings settings,
      VendorHttp<TranscriptionException> http) {
    this.endpoint = endpoint;
    this.apiKey = apiKey;
    this.settings = settings;
    this.http = http;
  }

  @Override
  public String vendor() {
    return "deepgram";
  }

  @Override
  public String product() {
    return settings.model();
  }

  @Override
  public TrustBoundary boundary() {
    return TrustBoundary.THIRD_PARTY;
  }

  @Override
  public Progress transcribe(TranscriptionRequest request) throws TranscriptionException {
    Optional<String> language = request.languageHint().or(settings::language);
    HttpRequest.Builder call =
        HttpRequest.newBuilder(endpoint.resolve("/v1/listen?" + query(language)))
            .header("Authorization", "Token " + apiKey)
            .header("Accept", "application/json");
    Optional<URI> url = request.audio().location().filter(u -> "https".equals(u.getScheme()));
    if (url.isPresent()) {
      String body =
          VendorHttp.json().createObjectNode().put("url", url.get().toString()).toString();
      call.header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body));
    } else {
      call.header("Content-Type", request.audio().mediatype()).POST(streamed(request.audio()));
    }
    JsonNode answer = http.send(call);
    return new Progress.Done(DigitWords.spell(map(answer, language.orElse("und"))));
  }

  private String query(Optional<String> language) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("model", settings.model());
    params.put("punctuate", "true");
    params.put("smart_format", "false");
    params.put("numerals", "false");
    params.put("diarize", String.valueOf(settings.diarize()));
    if (language.isPresent()) {
      params.put("language", language.get());
    } else {
      params.put("detect_language", "true");
    }
    return params.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** The original bytes as the body, read as they are sent (never held whole). */
  private static HttpRequest.BodyPublisher streamed(TranscriptionRequest.Audio audio)
      throws TranscriptionException {
    HttpRequest.BodyPublisher stream =
        HttpRequest.BodyPublishers.ofInputStream(
            () -> {
              try {
                return audio.original();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    if (audio.size() == 0) {
      throw new TranscriptionException(PERMANENT, "deepgram: the recording is empty");
    }
    return audio.size() > 0
        ? HttpRequest.BodyPublishers.fromPublisher(stream, audio.size())
        : stream;
  }

  /**
   * {@code results.channels[].alternatives[0]}: words with start/end in seconds, confidence, and
   * {@code speaker} when diarising; with several channels the channel index stands in for an absent
   * speaker.
   */
  static Transcript map(JsonNode answer, String requestedLanguage) throws TranscriptionException {
    JsonNode channels = answer.at("/results/channels");
    if (!channels.isArray()) {
      throw new TranscriptionException(
          TRANSIENT, "deepgram answered without results.channels; will retry");
    }
    List<Transcript.Word> words = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    String language = requestedLanguage;
    double confidenceSum = 0;
    int alternatives = 0;
    for (int c = 0; c < channels.size(); c++) {
      JsonNode channel = channels.get(c);
      JsonNode best = channel.path("alternatives").path(0);
      if (best.isMissingNode()) {
        continue;
      }
      if (channel.hasNonNull("detected_language")) {
        language = channel.get("detected_language").asText();
      }
      int channelSpeaker = channels.size() > 1 ? c : -1;
      for (JsonNode w : best.path("words")) {
        words.add(
            new Transcript.Word(
                w.path("word").asText(),
                w.path("start").asDouble(),
                w.path("end").asDouble(),
                w.path("confidence").asDouble(),
                w.has("speaker") ? w.get("speaker").asInt() : channelSpeaker));
      }
      texts.add(best.path("transcript").asText(""));
      confidenceSum += best.path("confidence").asDouble();
      alternatives++;
    }
    Optional<Double> confidence =
        alternatives == 0 ? Optional.empty() : Optional.of(confidenceSum / alternatives);
    return new Transcript(String.join(" ", texts).strip(), language, words, confidence);
  }
}
