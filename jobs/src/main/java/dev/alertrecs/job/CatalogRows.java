package dev.alertrecs.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** One row per catalog id: a snapshot listing an id twice keeps one title, and any deletion. */
final class CatalogRows {
  private CatalogRows() {}

  static Dataset<Row> alerts(Dataset<Row> snapshot) {
    return snapshot
        .where(col("account_id").isNotNull().and(col("alert_id").isNotNull()))
        .groupBy("account_id", "alert_id")
        .agg(max("title").as("title"), max("severity").as("severity"));
  }

  static Dataset<Row> dashboards(Dataset<Row> snapshot) {
    return snapshot
        .where(col("account_id").isNotNull().and(col("dashboard_id").isNotNull()))
        .groupBy("account_id", "dashboard_id")
        .agg(max("title").as("title"), max(col("deleted")).as("deleted"));
  }
}
