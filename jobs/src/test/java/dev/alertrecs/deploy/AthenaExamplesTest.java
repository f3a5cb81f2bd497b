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
 * The example queries in sql/athena/examples/ stay portable and answer what they say: DuckDB runs
 * them against tables made from the Athena DDL (columns and types via {@link AthenaDdl}, plus
 * {@code dt}) holding a few rows whose answer is worked out by hand.
 */
class AthenaExamplesTest {

  static final Path EXAMPLES = AthenaDdlTest.ATHENA_DIR.resolve("examples");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "top_recommendations_for_alert.sql",
        "next_steps_after_item.sql",
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

  /** Runs an example and gives each row as its columns' text joined by {@code |}. */
  static List<String> answer(Statement st, String example) throws Exception {
    List<String> rows = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(Files.readString(EXAMPLES.resolve(example)))) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          cells.add(rs.getString(i));
        }
        rows.add(String.join("|", cells));
      }
    }
    return rows;
  }

  /**
   * acme's al-17 has lists on 11-20 and 11-24 (and one older than the bound); a newer run exists
   * for another alert and for another account's al-17: the answer is al-17's newest list in acme.
   */
  @Test
  void topRecommendationsAreTheAlertsNewestListInItsAccount() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      createTables(st);
      st.execute(
          "insert into recommendations (dt, account_id, alert_id, item_type, rank, item_id,"
              + " item_label, score, investigations, strategy, reason, model_version) values"
              + " ('2026-10-30', 'acme', 'al-17', 'dashboard', 1, 'd-old', 'Old', 0.9, 9,"
              + "  'alert', 'r', 'v0'),"
              + " ('2026-11-20', 'acme', 'al-17', 'dashboard', 1, 'd-1', 'Home', 0.5, 5,"
              + "  'alert', 'r', 'v1'),"
              + " ('2026-11-24', 'acme', 'al-17', 'query', 1, 'q-1', 'level:error', 0.4, 4,"
              + "  'alert', 'run in 4', 'v2'),"
              + " ('2026-11-24', 'acme', 'al-17', 'dashboard', 2, 'd-2', 'Checkout', 0.3, 3,"
              + "  'alert', 'opened in 3', 'v2'),"
              + " ('2026-11-24', 'acme', 'al-17', 'dashboard', 1, 'd-3', 'Search', 0.6, 6,"
              + "  'alert', 'opened in 6', 'v2'),"
              + " ('2026-11-25', 'acme', 'al-18', 'dashboard', 1, 'd-9', 'Other', 0.8, 8,"
              + "  'alert', 'r', 'v3'),"
              + " ('2026-11-25', 'globex', 'al-17', 'dashboard', 1, 'd-9', 'Globex', 0.8, 8,"
              + "  'alert', 'r', 'v3')");
      assertEquals(
          List.of(
              "2026-11-24|dashboard|1|d-3|Search|0.6|6|alert|opened in 6|v2",
              "2026-11-24|dashboard|2|d-2|Checkout|0.3|3|alert|opened in 3|v2",
              "2026-11-24|query|1|q-1|level:error|0.4|4|alert|run in 4|v2"),
          answer(st, "top_recommendations_for_alert.sql"));
    }
  }

  /**
   * acme's al-17 has next steps on 11-20 and 11-24 (and one run older than the bound); on 11-24
   * also after another dashboard and after a query; a newer run exists for another alert and for
   * another account's al-17. The answer is what follows d-3 in al-17's newest run in acme, by rank.
   */
  static final String NEXT_STEPS =
      "insert into next_steps (dt, account_id, alert_id, after_item_type, after_item_id,"
          + " after_item_label, rank, item_type, item_id, item_label, score, investigations,"
          + " strategy, reason, model_version) values"
          + " ('2026-10-30', 'acme', 'al-17', 'dashboard', 'd-3', 'Checkout', 1, 'dashboard',"
          + "  'd-old', 'Old', 0.9, 9, 'alert', 'r', 'v0'),"
          + " ('2026-11-20', 'acme', 'al-17', 'dashboard', 'd-3', 'Checkout', 1, 'dashboard',"
          + "  'd-5', 'Logs', 0.5, 5, 'alert', 'r', 'v1'),"
          + " ('2026-11-24', 'acme', 'al-17', 'dashboard', 'd-3', 'Checkout', 2, 'query',"
          + "  'q-1', 'level:error', 0.3, 3, 'alert', 'run next in 3', 'v2'),"
          + " ('2026-11-24', 'acme', 'al-17', 'dashboard', 'd-3', 'Checkout', 1, 'dashboard',"
          + "  'd-8', 'Disk usage', 0.6, 6, 'alert', 'opened next in 6', 'v2'),"
          + " ('2026-11-24', 'acme', 'al-17', 'dashboard', 'd-4', 'Search', 1, 'dashboard',"
          + "  'd-3', 'Checkout', 0.7, 7, 'alert', 'r', 'v2'),"
          + " ('2026-11-24', 'acme', 'al-17', 'query', 'q-1', 'level:error', 1, 'dashboard',"
          + "  'd-9', 'Errors', 0.8, 8, 'alert', 'r', 'v2'),"
          + " ('2026-11-25', 'acme', 'al-18', 'dashboard', 'd-3', 'Checkout', 1, 'dashboard',"
          + "  'd-7', 'Other', 0.8, 8, 'alert', 'r', 'v3'),"
          + " ('2026-11-25', 'globex', 'al-17', 'dashboard', 'd-3', 'Globex', 1, 'dashboard',"
          + "  'd-7', 'Globex', 0.8, 8, 'alert', 'r', 'v3')";

  @Test
  void nextStepsAreWhatFollowsTheItemInTheAlertsNewestRun() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      createTables(st);
      st.execute(NEXT_STEPS);
      assertEquals(
          List.of(
              "2026-11-24|Checkout|1|dashboard|d-8|Disk usage|0.6|6|alert|opened next in 6|v2",
              "2026-11-24|Checkout|2|query|q-1|level:error|0.3|3|alert|run next in 3|v2"),
          answer(st, "next_steps_after_item.sql"));
    }
  }

  /** A newer run of al-17 with next steps after another item only: nothing older fills in. */
  @Test
  void nextStepsAreEmptyWhenTheNewestRunSawNothingAfterTheItem() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      createTables(st);
      st.execute(NEXT_STEPS);
      st.execute(
          "insert into next_steps (dt, account_id, alert_id, after_item_type, after_item_id,"
              + " after_item_label, rank, item_type, item_id, item_label, score, investigations,"
              + " strategy, reason, model_version) values"
              + " ('2026-11-25', 'acme', 'al-17', 'dashboard', 'd-4', 'Search', 1, 'dashboard',"
              + "  'd-8', 'Disk usage', 0.7, 7, 'alert', 'r', 'v3')");
      assertEquals(List.of(), answer(st, "next_steps_after_item.sql"));
    }
  }

  /**
   * acme's al-1 on eight days with gaps (11-04 and 11-07 missing); an earlier day outside the range
   * and another account are not in the answer. The moving average spans rows, not days: on 11-08
   * the six rows so far, on 11-09 all seven, on 11-10 the last seven.
   */
  @Test
  void mttrTrendIsPerAlertWithARowWiseMovingAverage() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      createTables(st);
      st.execute(
          "insert into alert_stats (dt, account_id, alert_id, n_investigations, mttr_median_s,"
              + " mttr_median_with_recs_s, mttr_median_without_recs_s, mtte_median_s) values"
              + " ('2026-09-30', 'acme', 'al-1', 1, 5000, null, 5000, null),"
              + " ('2026-11-01', 'acme', 'al-1', 2, 100, 60, 150, 30),"
              + " ('2026-11-02', 'acme', 'al-1', 2, 200, null, 200, null),"
              + " ('2026-11-03', 'acme', 'al-1', 2, 300, 200, 400, 45),"
              + " ('2026-11-05', 'acme', 'al-1', 2, 400, 300, 500, 60),"
              + " ('2026-11-06', 'acme', 'al-1', 2, 500, 500, 500, 60),"
              + " ('2026-11-08', 'acme', 'al-1', 2, 600, 700, 600, 60),"
              + " ('2026-11-09', 'acme', 'al-1', 2, 1100, 1000, 1200, 60),"
              + " ('2026-11-10', 'acme', 'al-1', 2, 1200, 1100, 1300, 60),"
              + " ('2026-11-09', 'globex', 'al-1', 2, 9000, 9000, 9000, 9000)");
      assertEquals(
          List.of(
              "acme|al-1|2026-11-01|2|100.0|100.0|null|60.0|150.0|90.0|30.0",
              "acme|al-1|2026-11-02|2|200.0|150.0|100.0|null|200.0|null|null",
              "acme|al-1|2026-11-03|2|300.0|200.0|100.0|200.0|400.0|200.0|45.0",
              "acme|al-1|2026-11-05|2|400.0|250.0|100.0|300.0|500.0|200.0|60.0",
              "acme|al-1|2026-11-06|2|500.0|300.0|100.0|500.0|500.0|0.0|60.0",
              "acme|al-1|2026-11-08|2|600.0|350.0|100.0|700.0|600.0|-100.0|60.0",
              // (100 + 200 + 300 + 400 + 500 + 600 + 1100) / 7
              "acme|al-1|2026-11-09|2|1100.0|457.14285714285717|500.0|1000.0|1200.0|200.0|60.0",
              // (200 + 300 + 400 + 500 + 600 + 1100 + 1200) / 7: the first row has left
              "acme|al-1|2026-11-10|2|1200.0|614.2857142857143|100.0|1100.0|1300.0|200.0|60.0"),
          answer(st, "mttr_trend_per_alert.sql"));
    }
  }

  /**
   * Two days of pooled figures for the model and the two baselines (plus rows the example must
   * leave out: per item type, per alert group, the observed MTTR), each day with its gate status.
   */
  @Test
  void modelVsBaselinesPivotsThePooledFiguresPerDay() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      createTables(st);
      StringBuilder values = new StringBuilder();
      String[][] figures = {
        {"2026-11-24", "model", "0.5", "0.4", "0.3", "40"},
        {"2026-11-24", "account_popular", "0.2", "0.15", "0.1", "40"},
        {"2026-11-24", "alert_popular", "0.45", "0.35", "0.25", "40"},
        {"2026-11-25", "model", "0.6", "0.5", "0.4", "50"},
        {"2026-11-25", "account_popular", "0.25", "0.2", "0.15", "50"},
        {"2026-11-25", "alert_popular", "0.7", "0.6", "0.5", "50"}
      };
      for (String[] f : figures) {
        for (String[] metric :
            new String[][] {{"hit_rate", "3", f[2]}, {"ndcg", "5", f[3]}, {"mrr", "null", f[4]}}) {
          values.append(
              String.format(
                  ", ('%s', '%s', 'all', 'all', '%s', %s, %s, %s)",
                  f[0], f[1], metric[0], metric[1], metric[2], f[5]));
        }
        // a hit rate at another cutoff, and the same figure per item type and per alert group
        values.append(
            String.format(", ('%s', '%s', 'all', 'all', 'hit_rate', 5, 0.99, 1)", f[0], f[1]));
        values.append(
            String.format(", ('%s', '%s', 'query', 'all', 'hit_rate', 3, 0.99, 1)", f[0], f[1]));
        values.append(
            String.format(", ('%s', '%s', 'all', 'cold', 'hit_rate', 3, 0.99, 1)", f[0], f[1]));
      }
      values.append(", ('2026-11-25', 'observed', 'all', 'all', 'hit_rate', 3, 0.99, 1)");
      st.execute(
          "insert into evaluation (dt, model_or_baseline, item_type, alert_group, metric, k,"
              + " value, n) values "
              + values.substring(2));
      st.execute(
          "insert into runs (run_id, dt, status, gate_status) values"
              + " ('r1', '2026-11-24', 'published', 'passed'),"
              + " ('r2', '2026-11-25', 'kept_previous', 'failed')");
      assertEquals(
          List.of(
              "2026-11-24|account_popular|0.2|0.15|0.1|40|passed",
              "2026-11-24|alert_popular|0.45|0.35|0.25|40|passed",
              "2026-11-24|model|0.5|0.4|0.3|40|passed",
              "2026-11-25|account_popular|0.25|0.2|0.15|50|failed",
              "2026-11-25|alert_popular|0.7|0.6|0.5|50|failed",
              "2026-11-25|model|0.6|0.5|0.4|50|failed"),
          answer(st, "model_vs_baselines.sql"));
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
