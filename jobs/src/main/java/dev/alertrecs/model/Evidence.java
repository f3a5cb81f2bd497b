package dev.alertrecs.model;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The stored daily evidence of some days, as the model reads it: per (alert, item), per alert, and
 * per (alert, after item, next item). See docs/method.md#evidence-stored-per-day.
 *
 * @param days the days read, oldest first; none: no stored day, and no datasets (null)
 */
public record Evidence(
    List<LocalDate> days, Dataset<Row> items, Dataset<Row> alerts, Dataset<Row> transitions) {
  /** No stored day (a first run): there is nothing to read. */
  public static Evidence none() {
    return new Evidence(List.of(), null, null, null);
  }
}
