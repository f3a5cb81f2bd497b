package dev.alertrecs.reliability;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads one day of an output table as sorted text rows, for exact comparisons between runs. */
final class Outputs {
  static final List<String> TABLES =
      List.of("recommendations", "next_steps", "investigations", "alert_stats", "quarantine");

  private Outputs() {}

  /** Every row as JSON, sorted; {@code generated_at} (the run's start) left out. */
  static List<String> rows(SparkSession spark, String outputRoot, String table, String day) {
    Dataset<Row> rows = spark.read().parquet(outputRoot + "/" + table + "/dt=" + day);
    String[] columns =
        Arrays.stream(rows.columns()).filter(c -> !c.equals("generated_at")).toArray(String[]::new);
    return rows
        .selectExpr("to_json(struct(" + String.join(", ", columns) + ")) as j")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .sorted()
        .toList();
  }
}
