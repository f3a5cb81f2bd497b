package dev.alertrecs.checks;

import static dev.alertrecs.checks.CheckResult.error;
import static dev.alertrecs.checks.CheckResult.warning;

import dev.alertrecs.config.JobSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The data checks of a daily run, declared in one place: each an error (the run does not publish)
 * or a warning (recorded). Their results go into the run record. The dataset checks run small Spark
 * jobs over the (small) outputs, never over the raw input.
 */
public final class DailyChecks {
  /** What the checks look at. */
  public record Inputs(
      LocalDate runDate,
      RunCounts counts,
      List<String> skippedFiles,
      LocalDate alertsSnapshot,
      LocalDate dashboardsSnapshot,
      Dataset<Row> investigations,
      Dataset<Row> alertStats,
      Dataset<Row> recommendations,
      Dataset<Row> catalogAlerts,
      Dataset<Row> catalogDashboards) {}

  private DailyChecks() {}

  public static List<CheckResult> run(Inputs in, JobSettings settings) {
    List<CheckResult> results = new ArrayList<>();
    RunCounts c = in.counts();

    long accounted = c.nValid() + c.nQuarantined() + c.nDuplicates();
    results.add(
        error(
            "row_accounting",
            c.nRead() == accounted,
            String.format(
                "read %d = valid %d + quarantined %d + duplicates %d",
                c.nRead(), c.nValid(), c.nQuarantined(), c.nDuplicates())));

    results.add(
        error(
            "quarantine_share",
            c.quarantineShare() <= settings.maxQuarantineShare(),
            String.format(
                Locale.ROOT,
                "%.2f%% of %d rows quarantined (limit %.2f%%)",
                100 * c.quarantineShare(),
                c.nRead(),
                100 * settings.maxQuarantineShare())));

    results.add(warning("input_present", c.nRead() > 0, c.nRead() + " rows in the day's folder"));

    results.add(
        warning(
            "no_skipped_files",
            in.skippedFiles().isEmpty(),
            in.skippedFiles().isEmpty()
                ? "none"
                : in.skippedFiles().size() + " skipped: " + String.join(", ", in.skippedFiles())));

    results.add(snapshotCheck("alerts_snapshot_current", in.alertsSnapshot(), in.runDate()));
    results.add(
        snapshotCheck("dashboards_snapshot_current", in.dashboardsSnapshot(), in.runDate()));

    long outOfBounds =
        in.investigations()
            .where(
                "duration_s < 0 or duration_s > "
                    + settings.maxInvestigation().toSeconds()
                    + " or stopped_at < started_at")
            .count();
    results.add(
        error(
            "investigation_durations_in_bounds",
            outOfBounds == 0,
            outOfBounds + " investigations outside [0, max_investigation_hours]"));

    long unknownAlerts =
        in.alertStats()
            .join(
                in.catalogAlerts(),
                in.alertStats()
                    .col("account_id")
                    .equalTo(in.catalogAlerts().col("account_id"))
                    .and(
                        in.alertStats()
                            .col("alert_id")
                            .equalTo(in.catalogAlerts().col("alert_id"))),
                "left_anti")
            .count();
    results.add(
        warning(
            "investigated_alerts_in_catalog",
            unknownAlerts == 0,
            unknownAlerts + " investigated alerts unknown to the catalog"));

    Dataset<Row> recs = in.recommendations();
    Dataset<Row> dashboards = in.catalogDashboards();
    long foreignOrDeleted =
        recs.where("item_type = 'dashboard'")
            .join(
                dashboards.where("not coalesce(deleted, false)"),
                recs.col("account_id")
                    .equalTo(dashboards.col("account_id"))
                    .and(recs.col("item_id").equalTo(dashboards.col("dashboard_id"))),
                "left_anti")
            .count();
    results.add(
        error(
            "recommended_dashboards_live_in_own_account",
            foreignOrDeleted == 0,
            foreignOrDeleted + " recommended dashboards not live in their account's catalog"));

    long badLists =
        recs.groupBy("account_id", "alert_id", "item_type")
            .agg(
                org.apache.spark.sql.functions.count("*").as("n"),
                org.apache.spark.sql.functions.countDistinct("rank").as("n_ranks"),
                org.apache.spark.sql.functions.max("rank").as("max_rank"))
            .where("n > " + settings.topK() + " or n_ranks <> n or max_rank <> n")
            .count();
    results.add(
        error(
            "recommendation_lists_well_formed",
            badLists == 0,
            badLists + " lists with more than top_k items or gaps in their ranks"));

    Dataset<Row> alerts = in.catalogAlerts();
    long withoutList =
        alerts
            .join(
                recs,
                alerts
                    .col("account_id")
                    .equalTo(recs.col("account_id"))
                    .and(alerts.col("alert_id").equalTo(recs.col("alert_id"))),
                "left_anti")
            .count();
    results.add(
        warning(
            "every_catalog_alert_has_a_list",
            withoutList == 0,
            withoutList + " catalog alerts without any recommendation"));
    return results;
  }

  private static CheckResult snapshotCheck(String name, LocalDate snapshot, LocalDate runDate) {
    boolean current = snapshot.equals(runDate);
    return warning(
        name,
        current,
        current ? "snapshot of " + snapshot : "fell back to the snapshot of " + snapshot);
  }
}
