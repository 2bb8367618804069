package io.conserver.functions.export.sinks;

import io.conserver.vcon.Vcon;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One row per vCon (RFC 4180, header included, so each object is a readable file). */
final class CsvRow {
  private static final Pattern NUMBERS = Pattern.compile("[+-]?[0-9][0-9.|+ ]*");

  private CsvRow() {}

  static String of(FieldMapping mapping, Vcon vcon) {
    // Column names match [A-Za-z_][A-Za-z0-9_]* (the parser checks), so the header needs no quotes.
    return String.join(",", mapping.columns())
        + "\r\n"
        + mapping.cells(vcon).stream()
            .map(cell -> quoted(cell == null ? "" : cell))
            .collect(Collectors.joining(","))
        + "\r\n";
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
