package dev.alertrecs.checks;

import static dev.alertrecs.checks.CheckResult.error;
import static dev.alertrecs.checks.CheckResult.warning;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.alertrecs.config.JobSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The data checks of a daily run, declared in one place: each an error (the run does not publish)
 * or a warning (recorded). Their results go into the run record. The dataset checks run small Spark
 * jobs over the (small) outputs, never over the raw input, and count the outputs' rows on the way:
 * the run needs no job of its own to count them. The investigations' check is counted by the job
 * that builds the day's investigations ({@link #durationOutOfBounds}).
 */
public final class DailyChecks {
  /** What the checks look at. */
  public record Inputs(
      LocalDate runDate,
      RunCounts counts,
      List<String> skippedFiles,
      LocalDate alertsSnapshot,
      LocalDate dashboardsSnapshot,
      long nInvestigationsOutOfBounds,
      Dataset<Row> alertStats,
      Dataset<Row> recommendations,
      Dataset<Row> catalogAlerts,
      Dataset<Row> catalogDashboards) {}

  /** The checks' results, and the row counts of the outputs that their jobs counted on the way. */
  public record Outcome(List<CheckResult> checks, long nAlerts, long nRecommendations) {}

  private DailyChecks() {}

  public static Outcome run(Inputs in, JobSettings settings) {
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

    long outOfBounds = in.nInvestigationsOutOfBounds();
    results.add(
        error(
            "investigation_durations_in_bounds",
            outOfBounds == 0,
            outOfBounds + " investigations outside [0, max_investigation_hours]"));

    // the catalog's keys once each, so the join counts every alert of the stats once
    Dataset<Row> catalogKeys =
        in.catalogAlerts()
            .select(
                col("account_id").as("catalog_account_id"), col("alert_id").as("catalog_alert_id"))
            .distinct();
    Row alertCounts =
        in.alertStats()
            .join(
                catalogKeys,
                col("account_id")
                    .equalTo(col("catalog_account_id"))
                    .and(col("alert_id").equalTo(col("catalog_alert_id"))),
                "left")
            .agg(count(lit(1)), count(when(col("catalog_alert_id").isNull(), lit(1))))
            .first();
    long nAlerts = alertCounts.getLong(0);
    long unknownAlerts = alertCounts.getLong(1);
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

    Row lists =
        recs.groupBy("account_id", "alert_id", "item_type")
            .agg(
                count("*").as("n"), countDistinct("rank").as("n_ranks"), max("rank").as("max_rank"))
            .agg(
                coalesce(sum("n"), lit(0L)),
                count(
                    when(
                        col("n")
                            .gt(settings.topK())
                            .or(col("n_ranks").notEqual(col("n")))
                            .or(col("max_rank").notEqual(col("n"))),
                        lit(1))))
            .first();
    long nRecommendations = lists.getLong(0);
    long badLists = lists.getLong(1);
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
    return new Outcome(results, nAlerts, nRecommendations);
  }

  /**
   * An investigation the duration check refuses; the job counts them while it builds the day's
   * investigations, so the check runs no job of its own.
   */
  public static Column durationOutOfBounds(JobSettings settings) {
    return col("duration_s")
        .lt(0)
        .or(col("duration_s").gt(settings.maxInvestigation().toSeconds()))
        .or(col("stopped_at").lt(col("started_at")));
  }

  private static CheckResult snapshotCheck(String name, LocalDate snapshot, LocalDate runDate) {
    boolean current = snapshot.equals(runDate);
    return warning(
        name,
        current,
        current ? "snapshot of " + snapshot : "fell back to the snapshot of " + snapshot);
  }
}
