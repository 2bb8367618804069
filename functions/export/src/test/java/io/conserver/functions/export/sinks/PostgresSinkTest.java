package io.conserver.functions.export.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.functions.export.TestVcons;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PostgreSQL sink against a real PostgreSQL server (zonky's embedded binaries). */
class PostgresSinkTest {
  private static final ExportContext CONTEXT =
      new ExportContext("t1", "sales", "export", Instant.parse("2026-11-26T10:00:00Z"));
  private static EmbeddedPostgres postgres;
  private static String url;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    url = postgres.getJdbcUrl("postgres", "postgres");
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private static PostgresSink sink(String prefix) throws Exception {
    return new PostgresSink("warehouse", url, new Properties(), prefix);
  }

  private static long count(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static String text(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    }
  }

  @Test
  void export_createsTheSchema_andWritesEveryTable() throws Exception {
    SinkReceipt receipt = sink("a_").export(TestVcons.call(), CONTEXT);

    assertThat(receipt.targetIds()).containsExactly("a_vcons/" + TestVcons.UUID);
    assertThat(count("SELECT count(*) FROM a_vcons")).isEqualTo(1);
    assertThat(text("SELECT subject FROM a_vcons")).isEqualTo("Order, \"late\"");
    assertThat(text("SELECT document->>'uuid' FROM a_vcons")).isEqualTo(TestVcons.UUID);
    assertThat(count("SELECT count(*) FROM a_parties")).isEqualTo(2);
    assertThat(text("SELECT tel FROM a_parties WHERE idx = 1")).isEqualTo("+15550000001");
    assertThat(text("SELECT duration_s::text || ' ' || parties::text FROM a_dialogs"))
        .isEqualTo("42.5 {0,1}");
    assertThat(text("SELECT type || '/' || vendor || '/' || dialogs::text FROM a_analysis"))
        .isEqualTo("summary/acme/{0}");
  }

  @Test
  void reExport_isIdempotent_andMirrorsTheVconExactly() throws Exception {
    PostgresSink sink = sink("b_");
    sink.export(TestVcons.call(), CONTEXT);
    sink.export(TestVcons.call(), CONTEXT);
    assertThat(count("SELECT count(*) FROM b_vcons")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM b_parties")).isEqualTo(2);

    sink.export(TestVcons.call("acme", "Alice"), CONTEXT); // a party fewer
    assertThat(count("SELECT count(*) FROM b_parties")).isEqualTo(1);
  }

  @Test
  void aRowThePostgresRejects_leavesNothingHalfExported() throws Exception {
    PostgresSink sink = sink("c_");
    // PostgreSQL text cannot hold NUL: the analysis row (written last) fails after the vCon,
    // party and dialog rows were written in the same transaction.
    assertThatThrownBy(() -> sink.export(TestVcons.call("ac\\u0000me", "Alice"), CONTEXT))
        .isInstanceOf(SinkRejectedException.class)
        .hasMessageContaining("SQLSTATE 22");
    assertThat(count("SELECT count(*) FROM c_vcons")).isZero();
    assertThat(count("SELECT count(*) FROM c_parties")).isZero();
    assertThat(count("SELECT count(*) FROM c_dialogs")).isZero();

    sink.export(TestVcons.call(), CONTEXT);
    assertThatThrownBy(() -> sink.export(TestVcons.call("ac\\u0000me", "Carol"), CONTEXT))
        .isInstanceOf(SinkRejectedException.class);
    assertThat(text("SELECT string_agg(name, ',' ORDER BY idx) FROM c_parties"))
        .isEqualTo("Alice,Bob"); // the previous export, intact
  }

  @Test
  void delete_removesTheVconAndAllItsRows() throws Exception {
    PostgresSink sink = sink("d_");
    sink.export(TestVcons.call(), CONTEXT);
    sink.delete(TestVcons.UUID);
    sink.delete(TestVcons.UUID); // nothing left: no error

    for (String table : new String[] {"vcons", "parties", "dialogs", "analysis"}) {
      assertThat(count("SELECT count(*) FROM d_" + table)).as(table).isZero();
    }
  }

  @Test
  void aTablePrefixThatIsNotAPlainIdentifier_isRefused() {
    assertThatThrownBy(() -> sink("x; DROP TABLE a_vcons; --"))
        .isInstanceOf(SinkRejectedException.class)
        .hasMessageContaining("table_prefix");
  }

  @Test
  void aServerThatIsDown_isTransient() throws Exception {
    PostgresSink down =
        new PostgresSink("warehouse", "jdbc:postgresql://127.0.0.1:1/none", new Properties(), "e_");
    assertThatThrownBy(() -> down.export(TestVcons.call(), CONTEXT))
        .isInstanceOf(java.sql.SQLException.class)
        .isNotInstanceOf(SinkRejectedException.class);
  }
}
