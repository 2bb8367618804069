package io.conserver.functions.transcribe.cloud.aws;

import static io.conserver.functions.transcribe.engine.TranscriptionException.Kind.PERMANENT;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.transcribe.engine.Transcript;
import io.conserver.functions.transcribe.engine.TranscriptionException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The transcript JSON a Transcribe batch job writes: {@code results.transcripts[0].transcript}, and
 * {@code results.items} of type {@code pronunciation} (words, with {@code start_time}/{@code
 * end_time} as decimal strings and {@code alternatives[0]}) or {@code punctuation} (skipped). A
 * word's speaker is its {@code speaker_label} ({@code spk_N}), or, in older outputs, the label of
 * the {@code speaker_labels.segments} item with the same start; with channel identification the
 * words are under {@code results.channel_labels.channels[].items} and {@code ch_N} is the speaker.
 * Examples: https://docs.aws.amazon.com/transcribe/latest/dg/diarization-output-batch.html,
 * https://docs.aws.amazon.com/transcribe/latest/dg/channel-id-output-batch.html
 */
final class AwsTranscriptJson {
  private AwsTranscriptJson() {}

  static Transcript map(JsonNode root, String jobLanguage) throws TranscriptionException {
    JsonNode results = root.path("results");
    if (!results.isObject()) {
      throw new TranscriptionException(PERMANENT, "aws-transcribe transcript has no results");
    }
    List<Transcript.Word> words = new ArrayList<>();
    JsonNode channels = results.at("/channel_labels/channels");
    if (channels.isArray() && channels.size() > 0) {
      for (JsonNode channel : channels) {
        int speaker = labelIndex(channel.path("channel_label").asText(""));
        addWords(channel.path("items"), w -> speaker, words);
      }
      words.sort(Comparator.comparingDouble(Transcript.Word::start));
    } else {
      Map<String, Integer> segmentSpeakers = segmentSpeakers(results.path("speaker_labels"));
      addWords(
          results.path("items"),
          item ->
              item.has("speaker_label")
                  ? labelIndex(item.get("speaker_label").asText())
                  : segmentSpeakers.getOrDefault(item.path("start_time").asText(), -1),
          words);
    }
    String text = results.at("/transcripts/0/transcript").asText("");
    String language =
        Optional.ofNullable(jobLanguage)
            .or(
                () ->
                    Optional.of(results.path("language_code").asText("")).filter(s -> !s.isEmpty()))
            .orElse("und");
    return new Transcript(text, language, words, Optional.empty());
  }

  private interface SpeakerOf {
    int of(JsonNode item);
  }

  private static void addWords(JsonNode items, SpeakerOf speaker, List<Transcript.Word> out) {
    for (JsonNode item : items) {
      if (!"pronunciation".equals(item.path("type").asText())) {
        continue;
      }
      JsonNode best = item.path("alternatives").path(0);
      out.add(
          new Transcript.Word(
              best.path("content").asText(),
              Double.parseDouble(item.path("start_time").asText("0")),
              Double.parseDouble(item.path("end_time").asText("0")),
              Double.parseDouble(best.path("confidence").asText("0")),
              speaker.of(item)));
    }
  }

  private static Map<String, Integer> segmentSpeakers(JsonNode speakerLabels) {
    Map<String, Integer> byStart = new HashMap<>();
    for (JsonNode segment : speakerLabels.path("segments")) {
      for (JsonNode item : segment.path("items")) {
        byStart.put(
            item.path("start_time").asText(), labelIndex(item.path("speaker_label").asText("")));
      }
    }
    return byStart;
  }

  /** {@code spk_1} → 1, {@code ch_0} → 0; anything else → -1. */
  static int labelIndex(String label) {
    int underscore = label.lastIndexOf('_');
    try {
      return underscore < 0 ? -1 : Integer.parseInt(label.substring(underscore + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
