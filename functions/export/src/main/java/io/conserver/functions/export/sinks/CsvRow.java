package io.conserver.functions.export.sinks;

import io.conserver.vcon.Analysis;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.Party;
import io.conserver.vcon.Vcon;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** One summary row per vCon (RFC 4180, header included, so each object is a readable file). */
final class CsvRow {
  static final String HEADER =
      "uuid,created_at,updated_at,subject,party_names,party_tels,party_mailtos,dialog_types,"
          + "duration_s,analysis_types";

  private static final java.util.regex.Pattern NUMBERS =
      java.util.regex.Pattern.compile("[+-]?[0-9][0-9.|+ ]*");

  private CsvRow() {}

  static String of(Vcon vcon) {
    List<Party> parties = vcon.parties();
    List<Dialog> dialogs = vcon.dialogs();
    BigDecimal duration =
        dialogs.stream()
            .map(Dialog::duration)
            .flatMap(Optional::stream)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    List<String> cells =
        List.of(
            vcon.uuid(),
            vcon.createdAt().map(Object::toString).orElse(""),
            vcon.updatedAt().map(Object::toString).orElse(""),
            vcon.subject().orElse(""),
            joined(parties.stream().map(p -> p.name().orElse(""))),
            joined(parties.stream().map(p -> p.tel().orElse(""))),
            joined(parties.stream().map(p -> p.mailto().orElse(""))),
            joined(dialogs.stream().map(d -> d.type().orElse(""))),
            duration.toPlainString(),
            joined(vcon.analysis().stream().map(Analysis::type).map(t -> t.orElse(""))));
    return HEADER
        + "\r\n"
        + cells.stream().map(CsvRow::quoted).collect(Collectors.joining(","))
        + "\r\n";
  }

  /** Lists in one cell, separated by "|" (positions line up with the vCon's arrays). */
  private static String joined(java.util.stream.Stream<String> values) {
    return values.collect(Collectors.joining("|"));
  }

  static String quoted(String cell) {
    // Quote every cell, doubling quotes; a leading = + - @ is prefixed with ' so a spreadsheet
    // opening the export does not run it as a formula (CSV injection). Phone numbers (+1555…)
    // and signed numbers are data, not formulas, and stay as they are.
    boolean formula =
        !cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0 && !NUMBERS.matcher(cell).matches();
    String safe = formula ? "'" + cell : cell;
    return "\"" + safe.replace("\"", "\"\"") + "\"";
  }
}
