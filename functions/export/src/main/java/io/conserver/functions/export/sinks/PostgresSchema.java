package io.conserver.functions.export.sinks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The documented schema ({@code postgres-schema.sql}), with the sink's table prefix applied. */
final class PostgresSchema {
  private static final Pattern PREFIX = Pattern.compile("([a-z][a-z0-9_]{0,30})?");
  private static final String SQL = load();

  private PostgresSchema() {}

  /** The prefix, checked: it is spliced into SQL, so only a plain identifier is accepted. */
  static String checkedPrefix(String prefix) throws SinkRejectedException {
    if (!PREFIX.matcher(prefix).matches()) {
      throw new SinkRejectedException(
          "table_prefix must match [a-z][a-z0-9_]{0,30} (got " + prefix.length() + " chars)");
    }
    return prefix;
  }

  static List<String> statements(String prefix) {
    String body = SQL.replaceAll("(?m)--.*$", "").replace("${prefix}", prefix);
    List<String> statements = new ArrayList<>();
    for (String statement : body.split(";")) {
      if (!statement.isBlank()) {
        statements.add(statement.strip());
      }
    }
    return statements;
  }

  /** Creates what is missing, in its own transaction, serialised across concurrent exporters. */
  static void ensure(Connection connection, String prefix) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_xact_lock(hashtext('conserver-sink-schema'))");
      for (String sql : statements(prefix)) {
        statement.execute(sql);
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
  }

  private static String load() {
    try (InputStream in =
        PostgresSchema.class.getResourceAsStream(
            "/io/conserver/functions/export/postgres-schema.sql")) {
      if (in == null) {
        throw new IllegalStateException("postgres-schema.sql missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
