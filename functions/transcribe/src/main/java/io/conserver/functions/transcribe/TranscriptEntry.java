package io.conserver.functions.transcribe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.transcribe.engine.Transcriber;
import io.conserver.functions.transcribe.engine.Transcript;
import io.conserver.vcon.Analysis;
import io.conserver.vcon.Vcon;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The {@code transcript} analysis entry (schema {@value #SCHEMA}, body described by
 * docs/schemas/transcript.schema.json): one per dialog, or per channel when the dialog gives one
 * channel per party. Times are seconds from the dialog's start, rounded to milliseconds; each word
 * names the party who said it, or -1 when the audio does not tell.
 */
final class TranscriptEntry {
  static final String TYPE = "transcript";
  static final String SCHEMA = "conserver-transcript/1";

  private TranscriptEntry() {}

  /**
   * @param channel the channel transcribed, or -1 for the whole dialog
   * @param parties the parties heard on the track: one means every word is theirs
   * @param duration seconds of audio transcribed
   */
  static Analysis of(
      Transcriber engine,
      int dialog,
      int channel,
      List<Integer> parties,
      Transcript transcript,
      double duration) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("language", transcript.language());
    body.put("text", transcript.text());
    body.put("duration", seconds(duration));
    if (channel >= 0) {
      body.put("channel", channel);
    }
    int party = parties.size() == 1 ? parties.get(0) : -1;
    ArrayNode words = body.putArray("words");
    for (Transcript.Word word : transcript.words()) {
      ObjectNode w = words.addObject();
      w.put("word", word.text());
      w.put("start", seconds(word.start()));
      w.put("end", seconds(word.end()));
      w.put("confidence", BigDecimal.valueOf(word.confidence()).setScale(3, RoundingMode.HALF_UP));
      w.put("party", party);
    }
    return Analysis.builder(TYPE, engine.vendor())
        .dialog(dialog)
        .product(engine.product())
        .schema(SCHEMA)
        .mediatype("application/json")
        .inlineJson(body)
        .build();
  }

  /** Whether the vCon already has this engine's transcript of the dialog (or of its channel). */
  static boolean exists(Vcon vcon, Transcriber engine, int dialog, int channel) {
    for (Analysis analysis : vcon.analysis()) {
      if (analysis.type().filter(TYPE::equals).isPresent()
          && analysis.dialogIndexes().contains(dialog)
          && analysis.vendor().filter(engine.vendor()::equals).isPresent()
          && analysis.product().filter(engine.product()::equals).isPresent()
          && channelOf(analysis) == channel) {
        return true;
      }
    }
    return false;
  }

  private static int channelOf(Analysis analysis) {
    JsonNode channel = analysis.body().map(b -> b.path("channel")).orElse(null);
    return channel != null && channel.canConvertToInt() ? channel.intValue() : -1;
  }

  private static BigDecimal seconds(double value) {
    return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP);
  }
}
