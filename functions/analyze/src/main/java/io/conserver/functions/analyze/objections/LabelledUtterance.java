package io.conserver.functions.analyze.objections;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line of a labelled objection set ({@code label<TAB>text}; {@code #} starts a comment): the
 * exemplars the matcher compares with, and the evaluation sets.
 *
 * @param type the objection type, or empty for {@code none}
 */
public record LabelledUtterance(Optional<ObjectionType> type, String text) {
  public static List<LabelledUtterance> read(InputStream in) {
    List<LabelledUtterance> rows = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\t", 2);
        if (parts.length != 2) {
          throw new IllegalArgumentException("line " + number + ": expected label<TAB>text");
        }
        Optional<ObjectionType> type = ObjectionType.ofLabel(parts[0].strip());
        if (type.isEmpty() && !parts[0].strip().equals("none")) {
          throw new IllegalArgumentException("line " + number + ": unknown label " + parts[0]);
        }
        rows.add(new LabelledUtterance(type, parts[1].strip()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
