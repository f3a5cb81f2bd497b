package dev.alertrecs.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.alertrecs.checks.CheckResult;
import dev.alertrecs.checks.DailyChecks;
import dev.alertrecs.checks.RunCounts;
import dev.alertrecs.config.JobSettings;
import dev.alertrecs.steps.ComputeAlertStats;
import dev.alertrecs.steps.DeduplicateActions;
import dev.alertrecs.steps.ExtractInvestigationItems;
import dev.alertrecs.steps.FindSimilarAlerts;
import dev.alertrecs.steps.IdentifyItems;
import dev.alertrecs.steps.MergeQueryFamilies;
import dev.alertrecs.steps.ParseActions;
import dev.alertrecs.steps.RankRecommendations;
import dev.alertrecs.steps.ScoreItems;
import dev.alertrecs.steps.SessionizeInvestigations;
import dev.alertrecs.steps.SummarizeAlertEvidence;
import dev.alertrecs.steps.SummarizeInvestigations;
import dev.alertrecs.steps.SummarizeItemEvidence;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The daily run for one date: read the actions around the date and the catalog, run the steps,
 * check, write. The only class that reads and writes; every step is a pure Dataset function.
 *
 * <p>Evidence is incremental: each date's per-(alert, item) evidence is stored under {@code
 * item_evidence/} and {@code alert_evidence/}, and the ranking reads the stored days of its window.
 * Days of the window without stored evidence but with actions are computed first, with the same
 * code as a daily run, so a first run on history equals a run of every day.
 */
public final class DailyJob {
  /** What a run did, for the command line and the tests. */
  public record Result(
      String runId,
      LocalDate runDate,
      String status,
      RunCounts counts,
      long nInvestigations,
      long nAlerts,
      long nRecommendations,
      List<LocalDate> backfilledDays,
      List<CheckResult> checks,
      List<StepTimer.Timing> timings,
      String modelVersion) {}

  /** The datasets one day's computation produces; cached ones are released by {@link #close}. */
  private record Day(
      InputReader.ActionInput input,
      Dataset<Row> parsed,
      Dataset<Row> deduplicated,
      Dataset<Row> identified,
      Dataset<Row> investigations,
      Dataset<Row> items) {
    void close() {
      parsed.unpersist();
      deduplicated.unpersist();
      identified.unpersist();
      investigations.unpersist();
      items.unpersist();
    }
  }

  static final String MODEL_NAME = "heuristic-lsh-v2";

  private final SparkSession spark;
  private final JobSettings settings;
  private final Layout layout;
  private final Clock clock;
  private final InputReader reader;
  private final OutputWriter writer;

  public DailyJob(SparkSession spark, JobSettings settings, Layout layout, Clock clock) {
    this.spark = spark;
    this.settings = settings;
    this.layout = layout;
    this.clock = clock;
    this.reader = new InputReader(spark, layout);
    this.writer = new OutputWriter(spark, layout);
  }

  public Result run(LocalDate date) {
    Instant startedAt = clock.instant();
    String runId = runId(date, startedAt);
    String modelVersion = modelVersion(settings);
    StepTimer timer = new StepTimer(spark);
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    RunRecord record = new RunRecord(runId, date, startedAt, modelVersion, settings);
    try {
      InputReader.Snapshot alerts = reader.catalog("alerts", InputReader.ALERTS_SCHEMA, date);
      InputReader.Snapshot dashboards =
          reader.catalog("dashboards", InputReader.DASHBOARDS_SCHEMA, date);
      Dataset<Row> catalogAlerts = CatalogRows.alerts(alerts.rows());
      Dataset<Row> catalogDashboards = CatalogRows.dashboards(dashboards.rows());
      record.snapshots(alerts.date(), dashboards.date());

      Day today = computeDay(date, timer);
      RunCounts counts = timer.time("count rows", () -> count(today, date));
      record.counts(counts);

      Dataset<Row> investigationsOfDay =
          today
              .investigations()
              .where(col("started_on").equalTo(lit(java.sql.Date.valueOf(date))))
              .select(
                  "account_id",
                  "alert_id",
                  "investigation_id",
                  "user_hash",
                  "started_at",
                  "stopped_at",
                  "duration_s",
                  "n_actions",
                  "stop_reason",
                  "used_recommendation");
      Dataset<Row> alertStats =
          ComputeAlertStats.apply(today.investigations(), today.identified(), date, settings)
              .cache();
      timer.time("store evidence of " + date, () -> storeEvidence(today, date));

      List<LocalDate> backfilled = backfillEvidence(date, timer);
      record.backfilled(backfilled);

      List<LocalDate> window = windowDays(date);
      // ---- issue 3 (MLlib): query families merged at scoring time, similar alerts for cold
      // alerts; the fitted models are saved under models/dt=<date>/ with their settings ----
      Dataset<Row> alertEvidence = writer.readDays(Layout.ALERT_EVIDENCE, window);
      MergeQueryFamilies.Result families =
          timer.time(
              "merge query families",
              () ->
                  MergeQueryFamilies.apply(
                      writer.readDays(Layout.ITEM_EVIDENCE, window), alertEvidence, settings));
      // checkpointed one by one (not cached): the ranking reads each several times, and a cached
      // plan is printed whole in every plan that reads it, which made the plans explode
      Dataset<Row> scored =
          timer.time(
              "score items",
              () ->
                  ScoreItems.apply(families.itemEvidence(), alertEvidence, date, settings)
                      .localCheckpoint());
      FindSimilarAlerts.Result similar = FindSimilarAlerts.apply(catalogAlerts, scored, settings);
      Dataset<Row> similarAlerts =
          timer.time("find similar alerts", () -> similar.similarAlerts().localCheckpoint());
      timer.time("save models", () -> saveModels(date, modelVersion, families, similar));
      Dataset<Row> recommendations =
          RankRecommendations.apply(
                  scored,
                  catalogAlerts,
                  catalogDashboards,
                  similarAlerts,
                  settings,
                  modelVersion,
                  startedAt)
              .cache();
      // ---- end of issue 3 ----
      long nRecommendations = timer.time("rank items", () -> recommendations.count());
      long nInvestigations = timer.time("summarize investigations", investigationsOfDay::count);
      long nAlerts = alertStats.count();
      record.outputs(nInvestigations, nAlerts, nRecommendations);

      Dataset<Row> quarantine =
          today
              .parsed()
              .where(
                  col("folder_date")
                      .equalTo(lit(java.sql.Date.valueOf(date)))
                      .and(col("quarantine_reason").isNotNull()))
              .select(col("raw"), col("quarantine_reason").as("reason"), col("source_file"));

      List<CheckResult> checks =
          timer.time(
              "check",
              () ->
                  DailyChecks.run(
                      new DailyChecks.Inputs(
                          date,
                          counts,
                          today.input().skippedFiles(),
                          alerts.date(),
                          dashboards.date(),
                          investigationsOfDay,
                          alertStats,
                          recommendations,
                          catalogAlerts,
                          catalogDashboards),
                      settings));
      record.checks(checks);

      timer.time(
          "write quarantine",
          () -> writer.write(quarantine, Layout.QUARANTINE, date, "source_file", "reason", "raw"));
      List<CheckResult> blocking = checks.stream().filter(CheckResult::blocks).toList();
      if (!blocking.isEmpty()) {
        String why =
            blocking.stream()
                .map(c -> c.name() + " (" + c.observed() + ")")
                .collect(Collectors.joining("; "));
        record.finish("failed_checks", "not published: " + why, clock.instant(), timer.timings());
        writeRunRecord(record, date);
        today.close();
        throw new JobFailure(
            ExitCode.CHECKS_FAILED, "run of " + date + " not published: check failed: " + why);
      }

      timer.time(
          "write outputs",
          () -> {
            writer.write(
                recommendations,
                Layout.RECOMMENDATIONS,
                date,
                "account_id",
                "alert_id",
                "item_type",
                "rank");
            writer.write(
                investigationsOfDay,
                Layout.INVESTIGATIONS,
                date,
                "account_id",
                "alert_id",
                "started_at",
                "investigation_id");
            writer.write(alertStats, Layout.ALERT_STATS, date, "account_id", "alert_id");
          });
      record.finish("published", null, clock.instant(), timer.timings());
      writeRunRecord(record, date);
      today.close();
      alertStats.unpersist();
      recommendations.unpersist();
      return record.result(backfilled);
    } catch (JobFailure e) {
      throw e;
    } catch (RuntimeException e) {
      String line = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
      record.finish("failed", line, clock.instant(), timer.timings());
      try {
        writeRunRecord(record, date);
      } catch (RuntimeException ignored) {
        // the original failure matters more than the record of it
      }
      throw e;
    }
  }

  /** The run's fitted models and their settings, beside its outputs (issue 3). */
  private void saveModels(
      LocalDate date,
      String modelVersion,
      MergeQueryFamilies.Result families,
      FindSimilarAlerts.Result similar) {
    ModelStore models = new ModelStore(spark, layout);
    Map<String, String> parameters = settings.modelParameters();
    models.save(
        "query_families",
        date,
        Map.of("features", families.features(), "lsh", families.lsh()),
        modelVersion,
        parameters);
    models.save(
        "similar_alerts",
        date,
        Map.of(
            "features", similar.features(),
            "title_lsh", similar.titleLsh(),
            "profile_lsh", similar.profileLsh()),
        modelVersion,
        parameters);
  }

  /** Parse, deduplicate, identify items, sessionize: the day's investigations and items. */
  private Day computeDay(LocalDate day, StepTimer timer) {
    InputReader.ActionInput input = reader.actionsAround(day);
    Dataset<Row> parsed = ParseActions.apply(input.rows(), settings).persist();
    timer.time("parse actions of " + day, () -> parsed.count());
    Dataset<Row> deduplicated = DeduplicateActions.apply(parsed).persist();
    timer.time("deduplicate actions of " + day, () -> deduplicated.count());
    Dataset<Row> identified = IdentifyItems.apply(deduplicated).persist();
    Dataset<Row> members = SessionizeInvestigations.apply(identified, settings);
    Dataset<Row> investigations =
        SummarizeInvestigations.apply(members, identified, settings).persist();
    Dataset<Row> items = ExtractInvestigationItems.apply(members, settings).persist();
    timer.time(
        "sessionize investigations of " + day,
        () -> {
          investigations.count();
          items.count();
        });
    return new Day(input, parsed, deduplicated, identified, investigations, items);
  }

  private void storeEvidence(Day day, LocalDate date) {
    writer.write(
        SummarizeItemEvidence.apply(day.items(), date),
        Layout.ITEM_EVIDENCE,
        date,
        "account_id",
        "alert_id",
        "item_type",
        "item_id");
    writer.write(
        SummarizeAlertEvidence.apply(day.investigations(), date),
        Layout.ALERT_EVIDENCE,
        date,
        "account_id",
        "alert_id");
  }

  /** Computes the evidence of window days that have actions but no stored evidence. */
  private List<LocalDate> backfillEvidence(LocalDate date, StepTimer timer) {
    List<LocalDate> done = new ArrayList<>();
    for (LocalDate day : windowDays(date)) {
      if (day.equals(date)
          || (writer.isComplete(Layout.ITEM_EVIDENCE, day)
              && writer.isComplete(Layout.ALERT_EVIDENCE, day))
          || !reader.exists(layout.actionsDay(day))) {
        continue;
      }
      Day past = computeDay(day, timer);
      timer.time("store evidence of " + day, () -> storeEvidence(past, day));
      past.close();
      done.add(day);
    }
    return done;
  }

  private List<LocalDate> windowDays(LocalDate date) {
    List<LocalDate> days = new ArrayList<>();
    for (int back = settings.windowDays() - 1; back >= 0; back--) {
      days.add(date.minusDays(back));
    }
    return days;
  }

  private static RunCounts count(Day day, LocalDate date) {
    java.sql.Date runDay = java.sql.Date.valueOf(date);
    Row parsed =
        day.parsed()
            .selectExpr(
                "count_if(folder_date = date'" + date + "') as n_read",
                "count_if(folder_date = date'"
                    + date
                    + "' and quarantine_reason is not null) as n_q",
                "count_if(folder_date <> date'" + date + "') as n_context")
            .first();
    Row copies =
        day.deduplicated()
            .where(col("folder_date").equalTo(lit(runDay)))
            .selectExpr("count_if(not is_duplicate) as n_valid", "count_if(is_duplicate) as n_dup")
            .first();
    return new RunCounts(
        parsed.getLong(0),
        copies.getLong(0),
        parsed.getLong(1),
        copies.getLong(1),
        parsed.getLong(2));
  }

  private void writeRunRecord(RunRecord record, LocalDate date) {
    writer.write(record.toDataset(spark), Layout.RUNS, date);
  }

  static String runId(LocalDate date, Instant startedAt) {
    return "run-"
        + date
        + "-"
        + DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC).format(startedAt)
        + "-"
        + Long.toHexString(startedAt.toEpochMilli() % 0x10000);
  }

  /** Names the model by its settings: the same settings give the same version. */
  static String modelVersion(JobSettings settings) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(settings.modelParameters().toString().getBytes(StandardCharsets.UTF_8));
      return MODEL_NAME + "-" + HexFormat.of().formatHex(digest).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
