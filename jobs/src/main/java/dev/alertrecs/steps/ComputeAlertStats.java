package dev.alertrecs.steps;

import dev.alertrecs.config.JobSettings;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Time to resolve (mean, median, p90, with and without recommendations) and time to engage per
 * alert for investigations started on the run date. Grain: one row per (account, alert). Shuffles
 * by alert; joins firings to openings on (account, alert).
 */
public final class ComputeAlertStats {
  public static final String VIEW = "compute_alert_stats";

  private ComputeAlertStats() {}

  public static Dataset<Row> apply(
      Dataset<Row> investigations,
      Dataset<Row> identifiedActions,
      LocalDate runDate,
      JobSettings settings) {
    SqlModel.register(investigations, SummarizeInvestigations.VIEW);
    SqlModel.register(identifiedActions, IdentifyItems.VIEW);
    return SqlModel.run(
        investigations.sparkSession(),
        VIEW,
        Map.of("run_date", runDate, "engage_window_s", settings.engageWindow().toSeconds()));
  }
}
