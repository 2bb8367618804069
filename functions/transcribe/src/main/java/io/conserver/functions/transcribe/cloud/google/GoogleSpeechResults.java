package io.conserver.functions.transcribe.cloud.google;

import static io.conserver.functions.transcribe.engine.TranscriptionException.Kind.PERMANENT;
import static io.conserver.functions.transcribe.engine.TranscriptionException.Kind.TRANSIENT;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.transcribe.engine.Transcript;
import io.conserver.functions.transcribe.engine.TranscriptionException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A finished BatchRecognize operation: {@code response.results[<gs uri>]} is a
 * BatchRecognizeFileResult whose {@code inlineResult.transcript.results[]} each have {@code
 * alternatives[0]} with {@code transcript}, {@code confidence} and {@code words[]} ({@code word},
 * {@code startOffset}/{@code endOffset} as protobuf Duration strings such as {@code "1.500s"},
 * {@code confidence}, {@code speakerLabel} when diarising), plus {@code channelTag} and {@code
 * languageCode}. A per-file or operation {@code error} is a google.rpc.Status. Sources:
 * https://cloud.google.com/speech-to-text/docs/reference/rest/v2/BatchRecognizeFileResult,
 * https://cloud.google.com/speech-to-text/docs/reference/rest/v2/projects.locations.operations
 */
final class GoogleSpeechResults {
  /**
   * google.rpc.Code values a retry can help with: DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED,
   * INTERNAL, UNAVAILABLE.
   */
  private static final Set<Integer> RETRYABLE = Set.of(4, 8, 10, 13, 14);

  private GoogleSpeechResults() {}

  static Transcript map(
      JsonNode operation, String uri, String requestedLanguage, boolean channelsAsSpeakers)
      throws TranscriptionException {
    failIfError(operation.path("error"), "the operation " + operation.path("name").asText());
    JsonNode file = operation.path("response").path("results").path(uri);
    if (file.isMissingNode()) {
      throw new TranscriptionException(
          PERMANENT,
          "google-stt operation " + operation.path("name").asText() + " has no result for " + uri);
    }
    failIfError(file.path("error"), uri);
    List<Transcript.Word> words = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    String language = requestedLanguage;
    for (JsonNode result : file.at("/inlineResult/transcript/results")) {
      JsonNode best = result.path("alternatives").path(0);
      if (best.isMissingNode()) {
        continue;
      }
      if (result.hasNonNull("languageCode")) {
        language = result.get("languageCode").asText();
      }
      int channel = channelsAsSpeakers ? result.path("channelTag").asInt(0) - 1 : -1;
      texts.add(best.path("transcript").asText("").strip());
      for (JsonNode w : best.path("words")) {
        words.add(
            new Transcript.Word(
                w.path("word").asText(),
                seconds(w.path("startOffset").asText("0s")),
                seconds(w.path("endOffset").asText("0s")),
                w.path("confidence").asDouble(),
                w.hasNonNull("speakerLabel") ? speaker(w.get("speakerLabel").asText()) : channel));
      }
    }
    return new Transcript(
        String.join(" ", texts.stream().filter(t -> !t.isEmpty()).toList()),
        language,
        words,
        Optional.empty());
  }

  private static void failIfError(JsonNode status, String what) throws TranscriptionException {
    if (status.isObject() && status.path("code").asInt(0) != 0) {
      int code = status.get("code").asInt();
      throw new TranscriptionException(
          RETRYABLE.contains(code) ? TRANSIENT : PERMANENT,
          "google-stt failed on "
              + what
              + " (code "
              + code
              + "): "
              + status.path("message").asText(""));
    }
  }

  /** A protobuf Duration in JSON: decimal seconds with an {@code s} suffix ("1.500s", "2s"). */
  static double seconds(String duration) {
    if (!duration.endsWith("s")) {
      throw new IllegalArgumentException("not a duration: " + duration);
    }
    return new BigDecimal(duration.substring(0, duration.length() - 1)).doubleValue();
  }

  /** Speaker labels are "1", "2"… (1-based); the transcript counts from 0. */
  static int speaker(String label) {
    try {
      return Integer.parseInt(label.strip()) - 1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
