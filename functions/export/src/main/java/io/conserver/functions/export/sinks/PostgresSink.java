package io.conserver.functions.export.sinks;

import io.conserver.vcon.Analysis;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.Party;
import io.conserver.vcon.Vcon;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * PostgreSQL tables (schema in {@code postgres-schema.sql}): one transaction per vCon upserts its
 * row and all its party, dialog and analysis rows, so a failure leaves the previous export (or
 * nothing) in place, never half of one. A connection per export: a serverless function has no
 * long-lived pool to keep.
 */
public final class PostgresSink implements Sink {
  private final String name;
  private final String jdbcUrl;
  private final Properties credentials;
  private final String prefix;

  public PostgresSink(String name, String jdbcUrl, Properties credentials, String prefix)
      throws SinkRejectedException {
    this.name = name;
    this.jdbcUrl = jdbcUrl;
    this.credentials = (Properties) credentials.clone();
    this.prefix = PostgresSchema.checkedPrefix(prefix);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "postgres";
  }

  @Override
  public SinkReceipt export(Vcon vcon, ExportContext context) throws Exception {
    UUID id = uuid(vcon.uuid());
    try (Connection connection = connect()) {
      PostgresSchema.ensure(connection, prefix);
      try {
        upsertVcon(connection, id, vcon, context);
        upsertParties(connection, id, vcon.parties());
        upsertDialogs(connection, id, vcon.dialogs());
        upsertAnalysis(connection, id, vcon.analysis());
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw classified(e);
      }
    }
    return SinkReceipt.of(prefix + "vcons/" + id);
  }

  @Override
  public void delete(String vconUuid) throws Exception {
    try (Connection connection = connect()) {
      PostgresSchema.ensure(connection, prefix);
      // Children go with it (ON DELETE CASCADE), in the same statement's transaction.
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM " + prefix + "vcons WHERE uuid = ?")) {
        delete.setObject(1, uuid(vconUuid));
        delete.executeUpdate();
      }
      connection.commit();
    }
  }

  /**
   * Reads every row this sink's tables hold, as PostgreSQL's text form of the whole row, and hands
   * each to the visitor with a reference ({@code <table>/<vcon uuid>[/<idx>]}); returns the number
   * of rows. For the erase residue scan: it proves what the tables no longer hold.
   */
  public long forEachRow(RowVisitor visitor) throws SQLException {
    long rows = 0;
    try (Connection connection = connect()) {
      PostgresSchema.ensure(connection, prefix);
      for (String table : List.of("vcons", "parties", "dialogs", "analysis")) {
        String key = table.equals("vcons") ? "t.uuid::text" : "t.vcon_uuid::text || '/' || t.idx";
        try (PreparedStatement select =
                connection.prepareStatement(
                    "SELECT " + key + ", t::text FROM " + prefix + table + " t");
            java.sql.ResultSet result = select.executeQuery()) {
          while (result.next()) {
            visitor.visit(prefix + table + "/" + result.getString(1), result.getString(2));
            rows++;
          }
        }
      }
      connection.commit();
    }
    return rows;
  }

  /** Receives one row of {@link #forEachRow}. */
  @FunctionalInterface
  public interface RowVisitor {
    void visit(String reference, String rowText);
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, credentials);
  }

  private void upsertVcon(Connection c, UUID id, Vcon vcon, ExportContext context)
      throws SQLException {
    String sql =
        "INSERT INTO "
            + prefix
            + "vcons (uuid, subject, created_at, updated_at, content_hash, tenant, pipeline,"
            + " exported_at, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)"
            + " ON CONFLICT (uuid) DO UPDATE SET subject = EXCLUDED.subject,"
            + " created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,"
            + " content_hash = EXCLUDED.content_hash, tenant = EXCLUDED.tenant,"
            + " pipeline = EXCLUDED.pipeline, exported_at = EXCLUDED.exported_at,"
            + " document = EXCLUDED.document";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, id);
      s.setString(2, vcon.subject().orElse(null));
      s.setObject(3, vcon.createdAt().orElse(null), Types.TIMESTAMP_WITH_TIMEZONE);
      s.setObject(4, vcon.updatedAt().orElse(null), Types.TIMESTAMP_WITH_TIMEZONE);
      s.setString(5, vcon.contentHash().toString());
      s.setString(6, context.tenant());
      s.setString(7, context.pipeline());
      s.setTimestamp(8, Timestamp.from(context.at()));
      s.setString(9, vcon.toJson().toString());
      s.executeUpdate();
    }
  }

  private void upsertParties(Connection c, UUID id, List<Party> parties) throws SQLException {
    String sql =
        "INSERT INTO "
            + prefix
            + "parties (vcon_uuid, idx, name, tel, mailto, role, document)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (vcon_uuid, idx) DO UPDATE SET"
            + " name = EXCLUDED.name, tel = EXCLUDED.tel, mailto = EXCLUDED.mailto,"
            + " role = EXCLUDED.role, document = EXCLUDED.document";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parties.size(); i++) {
        Party p = parties.get(i);
        s.setObject(1, id);
        s.setInt(2, i);
        s.setString(3, p.name().orElse(null));
        s.setString(4, p.tel().orElse(null));
        s.setString(5, p.mailto().orElse(null));
        s.setString(6, p.text("role").orElse(null));
        s.setString(7, p.toJson().toString());
        s.addBatch();
      }
      s.executeBatch();
    }
    trim(c, "parties", id, parties.size());
  }

  private void upsertDialogs(Connection c, UUID id, List<Dialog> dialogs) throws SQLException {
    String sql =
        "INSERT INTO "
            + prefix
            + "dialogs (vcon_uuid, idx, type, start_at, duration_s, parties, mediatype, url,"
            + " document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)"
            + " ON CONFLICT (vcon_uuid, idx) DO UPDATE SET type = EXCLUDED.type,"
            + " start_at = EXCLUDED.start_at, duration_s = EXCLUDED.duration_s,"
            + " parties = EXCLUDED.parties, mediatype = EXCLUDED.mediatype, url = EXCLUDED.url,"
            + " document = EXCLUDED.document";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < dialogs.size(); i++) {
        Dialog d = dialogs.get(i);
        Optional<OffsetDateTime> start = d.start();
        s.setObject(1, id);
        s.setInt(2, i);
        s.setString(3, d.type().orElse(null));
        s.setObject(4, start.orElse(null), Types.TIMESTAMP_WITH_TIMEZONE);
        s.setBigDecimal(5, d.duration().orElse(null));
        s.setArray(6, ints(c, d.partyIndexes()));
        s.setString(7, d.text("mediatype").orElse(null));
        s.setString(8, d.text("url").orElse(null));
        s.setString(9, d.toJson().toString());
        s.addBatch();
      }
      s.executeBatch();
    }
    trim(c, "dialogs", id, dialogs.size());
  }

  private void upsertAnalysis(Connection c, UUID id, List<Analysis> analysis) throws SQLException {
    String sql =
        "INSERT INTO "
            + prefix
            + "analysis (vcon_uuid, idx, type, vendor, product, dialogs, document)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (vcon_uuid, idx) DO UPDATE SET"
            + " type = EXCLUDED.type, vendor = EXCLUDED.vendor, product = EXCLUDED.product,"
            + " dialogs = EXCLUDED.dialogs, document = EXCLUDED.document";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < analysis.size(); i++) {
        Analysis a = analysis.get(i);
        s.setObject(1, id);
        s.setInt(2, i);
        s.setString(3, a.type().orElse(null));
        s.setString(4, a.vendor().orElse(null));
        s.setString(5, a.product().orElse(null));
        s.setArray(6, ints(c, a.dialogIndexes()));
        s.setString(7, a.toJson().toString());
        s.addBatch();
      }
      s.executeBatch();
    }
    trim(c, "analysis", id, analysis.size());
  }

  /** Removes rows left from a longer previous export, so the tables mirror this vCon exactly. */
  private void trim(Connection c, String table, UUID id, int size) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM " + prefix + table + " WHERE vcon_uuid = ? AND idx >= ?")) {
      s.setObject(1, id);
      s.setInt(2, size);
      s.executeUpdate();
    }
  }

  private static Array ints(Connection c, List<Integer> values) throws SQLException {
    return c.createArrayOf("integer", values.toArray());
  }

  private static UUID uuid(String text) throws SinkRejectedException {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new SinkRejectedException("vCon uuid is not a UUID");
    }
  }

  /**
   * Data and constraint errors (SQLSTATE classes 22, 23) and a missing/undefined object (42) will
   * fail again on retry: the vCon is rejected. Anything else (connection lost, serialisation
   * failure, the server restarting) is transient.
   */
  static Exception classified(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.startsWith("22") || state.startsWith("23") || state.startsWith("42")) {
      return new SinkRejectedException("postgres rejected the vCon: SQLSTATE " + state, e);
    }
    return e;
  }
}
