package dev.alertrecs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example queries in sql/athena/examples/ stay portable: DuckDB runs them against tables made
 * from the Athena DDL (columns and types via {@link AthenaDdl}, plus {@code dt}).
 */
class AthenaExamplesTest {

  static final Path EXAMPLES = AthenaDdlTest.ATHENA_DIR.resolve("examples");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "top_recommendations_for_alert.sql",
        "mttr_trend_per_alert.sql",
        "data_quality_per_day.sql",
        "model_vs_baselines.sql"
      })
  void exampleRunsOnTablesShapedLikeTheDdl(String file) throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      createTables(st);
      st.executeQuery(Files.readString(EXAMPLES.resolve(file))).close();
    }
  }

  @Test
  void dataQualityAddsUpTheRunCounts() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      createTables(st);
      st.execute(
          "insert into runs (run_id, dt, status, n_read, n_valid, n_quarantined, n_duplicates,"
              + " started_at, finished_at) values"
              + " ('r1', '2026-11-24', 'succeeded', 100, 90, 4, 6,"
              + "  timestamp '2026-11-25 01:00:00', timestamp '2026-11-25 01:02:30'),"
              + " ('r2', '2026-11-25', 'succeeded', 120, 110, 2, 7,"
              + "  timestamp '2026-11-26 01:00:00', timestamp '2026-11-26 01:01:00')");
      st.execute(
          "insert into quarantine values ('x', 'bad json', 'f1', '2026-11-24'),"
              + " ('y', 'bad ts', 'f1', '2026-11-24'), ('z', 'bad ts', 'f2', '2026-11-25')");
      List<String> rows = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery(Files.readString(EXAMPLES.resolve("data_quality_per_day.sql")))) {
        while (rs.next()) {
          rows.add(
              rs.getString("dt").substring(0, 10)
                  + " unaccounted="
                  + rs.getLong("n_unaccounted")
                  + " quarantine_rows="
                  + rs.getLong("n_quarantine_rows")
                  + " reasons="
                  + rs.getLong("n_distinct_reasons")
                  + " seconds="
                  + rs.getLong("run_seconds"));
        }
      }
      assertEquals(
          List.of(
              "2026-11-24 unaccounted=0 quarantine_rows=2 reasons=2 seconds=150",
              "2026-11-25 unaccounted=1 quarantine_rows=1 reasons=1 seconds=60"),
          rows);
    }
  }

  /** One DuckDB table per DDL file, the partition key dt as a plain column. */
  static void createTables(Statement st) throws Exception {
    for (String table : AthenaDdlTest.CONTRACT.keySet()) {
      AthenaDdl ddl = AthenaDdl.parse(AthenaDdlTest.ATHENA_DIR.resolve(table + ".sql"));
      List<AthenaDdl.Column> all = new ArrayList<>(ddl.columns());
      all.addAll(ddl.partitionKeys());
      String columns =
          all.stream()
              .map(c -> "\"" + c.name() + "\" " + duckDbType(c.type()))
              .collect(Collectors.joining(", "));
      st.execute("create table " + table + " (" + columns + ")");
    }
  }

  /** Athena (Hive DDL) type to DuckDB type, nested types included. */
  static String duckDbType(String athena) {
    String t = athena.trim();
    if (t.startsWith("array<")) {
      return duckDbType(t.substring(6, t.length() - 1)) + "[]";
    }
    if (t.startsWith("struct<")) {
      List<String> fields = new ArrayList<>();
      String body = t.substring(7, t.length() - 1);
      int depth = 0;
      int start = 0;
      for (int i = 0; i <= body.length(); i++) {
        char c = i < body.length() ? body.charAt(i) : ',';
        if (c == '<') {
          depth++;
        } else if (c == '>') {
          depth--;
        } else if (c == ',' && depth == 0) {
          String field = body.substring(start, i);
          int colon = field.indexOf(':');
          fields.add(
              "\"" + field.substring(0, colon) + "\" " + duckDbType(field.substring(colon + 1)));
          start = i + 1;
        }
      }
      return "STRUCT(" + String.join(", ", fields) + ")";
    }
    return switch (t) {
      case "string" -> "VARCHAR";
      case "int" -> "INTEGER";
      case "bigint" -> "BIGINT";
      case "double" -> "DOUBLE";
      case "boolean" -> "BOOLEAN";
      case "timestamp" -> "TIMESTAMP";
      case "date" -> "DATE";
      default -> throw new IllegalArgumentException("no DuckDB type for " + athena);
    };
  }
}
