package io.conserver.functions.analyze.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.vcon.Analysis;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconException;
import io.conserver.vcon.VconJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Reads a vCon's conversation: the {@code transcript} analyses (the contract in HELPERS.md: body
 * {@code {text, duration, channel?, words: [{word, start, end, confidence, party}]}}) and the text
 * dialogs. A transcript's words become utterances: a run of words by one speaker, cut at a pause
 * longer than {@link #PAUSE_S}, at a sentence end, or at {@link #MAX_WORDS} words. A text dialog's
 * message is split into sentences, each an utterance of its originator (else its first party).
 */
public final class ConversationReader {
  static final double PAUSE_S = 1.0;
  static final int MAX_WORDS = 40;

  private ConversationReader() {}

  public static Conversation read(Vcon vcon, JsonNode customerOption) throws InvalidInputException {
    List<Utterance> utterances = new ArrayList<>();
    Map<Integer, List<Word>> words = new TreeMap<>();
    Map<Integer, Double> durations = new TreeMap<>();
    List<Analysis> analyses = vcon.analysis();
    List<Dialog> dialogs = vcon.dialogs();
    for (int i = 0; i < analyses.size(); i++) {
      Analysis analysis = analyses.get(i);
      if (!"transcript".equals(analysis.type().orElse(""))) {
        continue;
      }
      List<Integer> indexes = analysis.dialogIndexes();
      if (indexes.isEmpty() || analysis.body().isEmpty()) {
        continue; // a transcript by reference (url) is not read here
      }
      int dialog = indexes.get(0);
      JsonNode body = jsonBody(analysis, i);
      List<Word> timed = words(body, channelParty(dialogs, dialog, body));
      words.computeIfAbsent(dialog, d -> new ArrayList<>()).addAll(timed);
      durations.merge(dialog, duration(body, timed), Math::max);
      if (timed.isEmpty()) {
        String text = body.path("text").asText("");
        for (String sentence : Sentences.of(text)) {
          utterances.add(
              new Utterance(
                  dialog,
                  "analysis/" + i,
                  -1,
                  sentence,
                  OptionalDouble.empty(),
                  OptionalDouble.empty(),
                  Optional.empty()));
        }
      } else {
        utterances.addAll(segment(dialog, "analysis/" + i, timed));
      }
    }
    for (int d = 0; d < dialogs.size(); d++) {
      utterances.addAll(textUtterances(d, dialogs.get(d)));
    }
    Map<Integer, Conversation.TimedDialog> timed = new TreeMap<>();
    words.forEach(
        (dialog, list) -> {
          list.sort(Comparator.comparingDouble(Word::start));
          timed.put(dialog, new Conversation.TimedDialog(list, durations.get(dialog)));
        });
    return new Conversation(
        vcon.parties().size(), CustomerParties.of(vcon, customerOption), utterances, timed);
  }

  private static JsonNode jsonBody(Analysis analysis, int index) throws InvalidInputException {
    JsonNode body = analysis.body().orElseThrow();
    if (body.isObject()) {
      return body;
    }
    try {
      byte[] bytes = analysis.bodyBytes().orElseThrow();
      JsonNode parsed = VconJson.codec().read(bytes);
      if (parsed.isObject()) {
        return parsed;
      }
    } catch (VconException e) {
      // fall through to the clear error below
    }
    throw new InvalidInputException(
        "transcript analysis is not a JSON object", List.of("/analysis/" + index + "/body"));
  }

  // A per-channel transcript of a dialog with one party per channel names its speaker.
  private static int channelParty(List<Dialog> dialogs, int dialog, JsonNode body) {
    if (!body.has("channel") || dialog < 0 || dialog >= dialogs.size()) {
      return -1;
    }
    List<List<Integer>> channels = dialogs.get(dialog).channels();
    int channel = body.path("channel").asInt(-1);
    if (channel >= 0 && channel < channels.size() && channels.get(channel).size() == 1) {
      return channels.get(channel).get(0);
    }
    return -1;
  }

  private static List<Word> words(JsonNode body, int fallbackParty) {
    List<Word> words = new ArrayList<>();
    for (JsonNode w : body.path("words")) {
      String text = w.path("word").asText("");
      if (text.isBlank() || !w.path("start").isNumber() || !w.path("end").isNumber()) {
        continue;
      }
      int party = w.path("party").asInt(-1);
      words.add(
          new Word(
              text,
              w.path("start").asDouble(),
              w.path("end").asDouble(),
              party >= 0 ? party : fallbackParty));
    }
    return words;
  }

  private static double duration(JsonNode body, List<Word> words) {
    if (body.path("duration").isNumber()) {
      return body.path("duration").asDouble();
    }
    return words.stream().mapToDouble(Word::end).max().orElse(0);
  }

  static List<Utterance> segment(int dialog, String source, List<Word> words) {
    List<Utterance> utterances = new ArrayList<>();
    List<Word> run = new ArrayList<>();
    for (Word word : words) {
      if (!run.isEmpty()) {
        Word last = run.get(run.size() - 1);
        boolean cut =
            last.party() != word.party()
                || word.start() - last.end() > PAUSE_S
                || run.size() >= MAX_WORDS
                || last.text().matches(".*[.!?]$");
        if (cut) {
          utterances.add(utterance(dialog, source, run));
          run = new ArrayList<>();
        }
      }
      run.add(word);
    }
    if (!run.isEmpty()) {
      utterances.add(utterance(dialog, source, run));
    }
    return utterances;
  }

  private static Utterance utterance(int dialog, String source, List<Word> run) {
    StringBuilder text = new StringBuilder();
    run.forEach(w -> text.append(text.length() == 0 ? "" : " ").append(w.text()));
    return new Utterance(
        dialog,
        source,
        run.get(0).party(),
        text.toString(),
        OptionalDouble.of(run.get(0).start()),
        OptionalDouble.of(run.get(run.size() - 1).end()),
        Optional.empty());
  }

  private static List<Utterance> textUtterances(int index, Dialog dialog) {
    if (!"text".equals(dialog.type().orElse("")) || !dialog.isInline()) {
      return List.of();
    }
    String mediatype = dialog.mediatype().orElse("text/plain");
    if (!mediatype.startsWith("text/")) {
      return List.of();
    }
    String text;
    try {
      text = new String(dialog.bodyBytes().orElseThrow(), StandardCharsets.UTF_8);
    } catch (VconException e) {
      return List.of(); // an undecodable body carries nothing to analyse
    }
    int party =
        dialog
            .originator()
            .orElse(dialog.partyIndexes().isEmpty() ? -1 : dialog.partyIndexes().get(0));
    Optional<String> at = dialog.text("start");
    List<Utterance> utterances = new ArrayList<>();
    for (String sentence : Sentences.of(text)) {
      utterances.add(
          new Utterance(
              index,
              "dialog/" + index,
              party,
              sentence,
              OptionalDouble.empty(),
              OptionalDouble.empty(),
              at));
    }
    return utterances;
  }
}
