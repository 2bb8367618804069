package io.conserver.functions.export.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvRowTest {
  @Test
  void cellsAreQuoted_quotesDoubled_andFormulasDefused_butPhoneNumbersKept() {
    assertThat(CsvRow.quoted("a \"b\", c")).isEqualTo("\"a \"\"b\"\", c\"");
    assertThat(CsvRow.quoted("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(CsvRow.quoted("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
    assertThat(CsvRow.quoted("+15550000000|+15550000001"))
        .isEqualTo("\"+15550000000|+15550000001\"");
    assertThat(CsvRow.quoted("-42.5")).isEqualTo("\"-42.5\"");
    assertThat(CsvRow.quoted("")).isEqualTo("\"\"");
  }
}
