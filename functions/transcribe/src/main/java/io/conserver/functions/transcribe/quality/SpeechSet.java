package io.conserver.functions.transcribe.quality;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The labelled speech set (functions/transcribe/src/test/resources/speech): {@code sentences.tsv}
 * (id, reference text), {@code split.tsv} (id, dev or heldout, fixed before any tuning) and one
 * {@code <id>.opus} per utterance.
 */
public record SpeechSet(Path dir, List<Utterance> utterances) {
  public record Utterance(String id, String reference, String part, Path audio) {}

  public static SpeechSet load(Path dir) throws IOException {
    Map<String, String> parts = new HashMap<>();
    for (String[] row : rows(dir.resolve("split.tsv"))) {
      parts.put(row[0], row[1]);
    }
    List<Utterance> utterances = new ArrayList<>();
    for (String[] row : rows(dir.resolve("sentences.tsv"))) {
      String part = parts.get(row[0]);
      if (part == null) {
        throw new IOException("utterance " + row[0] + " is in no part of split.tsv");
      }
      utterances.add(new Utterance(row[0], row[1], part, dir.resolve(row[0] + ".opus")));
    }
    return new SpeechSet(dir, List.copyOf(utterances));
  }

  public List<Utterance> part(String name) {
    return utterances.stream().filter(u -> u.part().equals(name)).toList();
  }

  private static List<String[]> rows(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("\t", 2))
        .toList();
  }
}
