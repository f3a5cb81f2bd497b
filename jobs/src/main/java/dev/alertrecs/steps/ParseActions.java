package dev.alertrecs.steps;

import dev.alertrecs.config.JobSettings;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Parses raw action lines (JSON Lines, or Parquet records turned to JSON) into typed actions and
 * names the reason of every bad one. Grain: one row per line read. Reads {@code read_actions}
 * (value, source_file, folder_date). No shuffle: a row-wise projection.
 */
public final class ParseActions {
  public static final String VIEW = "parse_actions";

  private ParseActions() {}

  public static Dataset<Row> apply(Dataset<Row> readActions, JobSettings settings) {
    SqlModel.register(readActions, "read_actions");
    return SqlModel.run(
        readActions.sparkSession(),
        VIEW,
        Map.of(
            "raw_max_chars", settings.rawMaxChars(),
            "max_lead_hours", settings.maxEventLeadHours(),
            "max_lateness_days", settings.maxEventLatenessDays(),
            "max_line_chars", settings.maxLineChars()));
  }
}
