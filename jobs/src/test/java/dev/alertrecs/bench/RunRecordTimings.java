package dev.alertrecs.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;

/**
 * Prints the newest run record of a date for {@code scripts/bench.sh}: a line {@code
 * counts<TAB>status<TAB>n_read<TAB>n_valid<TAB>n_investigations<TAB>n_spark_jobs}, then one line
 * {@code step<TAB>seconds} per entry of {@code step_timings}, in run order. Reads the Parquet with
 * DuckDB, as Athena would: {@code java -cp duckdb_jdbc.jar RunRecordTimings.java OUTPUT_ROOT
 * YYYY-MM-DD}.
 */
public final class RunRecordTimings {
  private RunRecordTimings() {}

  public static void main(String[] args) throws Exception {
    String glob = args[0] + "/runs/dt=" + args[1] + "/*.parquet";
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = db.createStatement()) {
      String newest =
          "(select * from read_parquet('"
              + glob.replace("'", "''")
              + "', union_by_name = true)"
              + " order by started_at desc limit 1)";
      try (ResultSet rs =
          sql.executeQuery(
              "select status, n_read, n_valid, n_investigations, n_spark_jobs from "
                  + newest
                  + " as r")) {
        rs.next();
        System.out.printf(
            Locale.ROOT,
            "counts\t%s\t%d\t%d\t%d\t%d%n",
            rs.getString(1),
            rs.getLong(2),
            rs.getLong(3),
            rs.getLong(4),
            rs.getLong(5));
      }
      try (ResultSet rs =
          sql.executeQuery(
              "select t.step, t.seconds from (select unnest(step_timings) as t from "
                  + newest
                  + " as r)")) {
        while (rs.next()) {
          System.out.printf(Locale.ROOT, "%s\t%.3f%n", rs.getString(1), rs.getDouble(2));
        }
      }
    }
  }
}
