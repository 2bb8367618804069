package io.conserver.functions.export.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
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

  @Test
  void secretRefs_resolveEnvAndConfig_andRefuseLiterals() throws Exception {
    SecretRefs refs = new SecretRefs(Map.of("PG", "jdbc:postgresql://db/x")::get, k -> null);
    assertThat(refs.resolve("jdbc_url_ref", "env:PG")).isEqualTo("jdbc:postgresql://db/x");
    assertThatThrownBy(() -> refs.resolve("jdbc_url_ref", "env:MISSING"))
        .isInstanceOf(SinkRejectedException.class)
        .hasMessage("jdbc_url_ref env:MISSING is not set");
    assertThatThrownBy(() -> refs.resolve("secret_ref", "s3cr3t"))
        .isInstanceOf(SinkRejectedException.class)
        .hasMessageContaining("never the secret itself")
        .hasMessageNotContaining("s3cr3t");
  }
}
