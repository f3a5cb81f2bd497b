package dev.alertrecs.job;

import dev.alertrecs.checks.CheckResult;
import dev.alertrecs.checks.RunCounts;
import dev.alertrecs.config.JobSettings;
import dev.alertrecs.evaluation.EvaluationRow;
import dev.alertrecs.evaluation.EvaluationSummary;
import dev.alertrecs.evaluation.QualityGate;
import dev.alertrecs.evaluation.RunReport;
import dev.alertrecs.steps.StepTimer;
import dev.alertrecs.steps.UserHash;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * The row a run leaves in {@code runs/}: counts, the checks with their outcome, step timings,
 * snapshots used and the model's settings. Filled as the run goes, written even when it fails, so
 * the on-call engineer reads what happened in the table, not only in the log.
 */
final class RunRecord {
  static final StructType CHECK =
      new StructType()
          .add("name", DataTypes.StringType)
          .add("severity", DataTypes.StringType)
          .add("passed", DataTypes.BooleanType)
          .add("observed", DataTypes.StringType);
  static final StructType TIMING =
      new StructType().add("step", DataTypes.StringType).add("seconds", DataTypes.DoubleType);
  static final StructType HEADLINE =
      new StructType()
          .add("model_or_baseline", DataTypes.StringType)
          .add("metric", DataTypes.StringType)
          .add("k", DataTypes.IntegerType)
          .add("value", DataTypes.DoubleType)
          .add("n", DataTypes.LongType);
  static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType)
          .add("run_date", DataTypes.DateType)
          .add("started_at", DataTypes.TimestampType)
          .add("finished_at", DataTypes.TimestampType)
          .add("status", DataTypes.StringType)
          .add("error", DataTypes.StringType)
          .add("n_read", DataTypes.LongType)
          .add("n_valid", DataTypes.LongType)
          .add("n_quarantined", DataTypes.LongType)
          .add("n_duplicates", DataTypes.LongType)
          .add("n_context_read", DataTypes.LongType)
          .add("n_investigations", DataTypes.LongType)
          .add("n_alerts", DataTypes.LongType)
          .add("n_recommendations", DataTypes.LongType)
          .add("n_backfilled_days", DataTypes.IntegerType)
          .add("alerts_snapshot_date", DataTypes.DateType)
          .add("dashboards_snapshot_date", DataTypes.DateType)
          .add("model_version", DataTypes.StringType)
          .add("settings", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
          .add("checks", DataTypes.createArrayType(CHECK))
          .add("step_timings", DataTypes.createArrayType(TIMING))
          // evaluation and quality gate (docs/evaluation.md)
          .add("gate_status", DataTypes.StringType)
          .add("gate_note", DataTypes.StringType)
          .add("eval_evidence_days", DataTypes.IntegerType)
          .add("eval_n_units", DataTypes.LongType)
          .add("eval_hit_rate_at_3", DataTypes.DoubleType)
          .add("eval_hit_rate_at_3_account_popular", DataTypes.DoubleType)
          .add("eval_hit_rate_at_3_alert_popular", DataTypes.DoubleType)
          .add("eval_ndcg_at_5", DataTypes.DoubleType)
          .add("eval_mrr", DataTypes.DoubleType)
          .add("eval_alert_coverage", DataTypes.DoubleType)
          .add("mttr_diff_median_s", DataTypes.DoubleType)
          .add("mttr_diff_ci_low_s", DataTypes.DoubleType)
          .add("mttr_diff_ci_high_s", DataTypes.DoubleType)
          .add("evaluation", DataTypes.createArrayType(HEADLINE))
          // tells when the user hashes changed, without anything that re-identifies a user
          .add("user_hash_key_fingerprint", DataTypes.StringType)
          // the Spark jobs the run launched before this record was written: on a small day a run's
          // time goes to starting jobs
          .add("n_spark_jobs", DataTypes.LongType);

  private final String runId;
  private final LocalDate runDate;
  private final Instant startedAt;
  private final String modelVersion;
  private final JobSettings settings;
  private Instant finishedAt;
  private String status = "running";
  private String error;
  private RunCounts counts;
  private long nInvestigations;
  private long nAlerts;
  private long nRecommendations;
  private List<LocalDate> backfilled = List.of();
  private LocalDate alertsSnapshot;
  private LocalDate dashboardsSnapshot;
  private List<CheckResult> checks = List.of();
  private List<StepTimer.Timing> timings = List.of();
  private EvaluationSummary evaluation = EvaluationSummary.empty();
  private QualityGate.Decision gate;
  private long nSparkJobs;

  RunRecord(
      String runId,
      LocalDate runDate,
      Instant startedAt,
      String modelVersion,
      JobSettings settings) {
    this.runId = runId;
    this.runDate = runDate;
    this.startedAt = startedAt;
    this.modelVersion = modelVersion;
    this.settings = settings;
  }

  void snapshots(LocalDate alerts, LocalDate dashboards) {
    this.alertsSnapshot = alerts;
    this.dashboardsSnapshot = dashboards;
  }

  void counts(RunCounts counts) {
    this.counts = counts;
  }

  void backfilled(List<LocalDate> days) {
    this.backfilled = List.copyOf(days);
  }

  void outputs(long nInvestigations, long nAlerts, long nRecommendations) {
    this.nInvestigations = nInvestigations;
    this.nAlerts = nAlerts;
    this.nRecommendations = nRecommendations;
  }

  void checks(List<CheckResult> checks) {
    this.checks = List.copyOf(checks);
  }

  void evaluation(EvaluationSummary evaluation, QualityGate.Decision gate) {
    this.evaluation = evaluation;
    this.gate = gate;
  }

  /** The report of the run as recorded so far (call after {@link #finish}). */
  RunReport.Data reportData(List<RunReport.AlertLists> busiestAlerts, boolean listsPublished) {
    return new RunReport.Data(
        runId,
        runDate,
        status,
        error,
        modelVersion,
        counts,
        nInvestigations,
        nAlerts,
        nRecommendations,
        checks,
        gate == null ? new QualityGate.Decision(false, "not_run", "") : gate,
        evaluation,
        busiestAlerts,
        listsPublished);
  }

  void finish(
      String status,
      String error,
      Instant finishedAt,
      List<StepTimer.Timing> timings,
      long nSparkJobs) {
    this.status = status;
    this.error = error;
    this.finishedAt = finishedAt;
    this.timings = List.copyOf(timings);
    this.nSparkJobs = nSparkJobs;
  }

  DailyJob.Result result(List<LocalDate> backfilledDays) {
    return new DailyJob.Result(
        runId,
        runDate,
        status,
        counts,
        nInvestigations,
        nAlerts,
        nRecommendations,
        backfilledDays,
        checks,
        timings,
        modelVersion,
        gate == null ? null : gate.status(),
        evaluation,
        nSparkJobs);
  }

  Dataset<Row> toDataset(SparkSession spark) {
    List<Row> checkRows =
        checks.stream()
            .map(
                c ->
                    RowFactory.create(
                        c.name(), c.severity().name().toLowerCase(), c.passed(), c.observed()))
            .toList();
    List<Row> timingRows =
        timings.stream().map(t -> RowFactory.create(t.step(), t.seconds())).toList();
    RunCounts c = counts == null ? new RunCounts(0, 0, 0, 0, 0) : counts;
    List<Row> headlineRows = new ArrayList<>();
    for (EvaluationRow r : evaluation.rows()) {
      if (r.accountId() == null
          && EvaluationRow.ALL.equals(r.itemType())
          && EvaluationRow.ALL.equals(r.alertGroup())) {
        headlineRows.add(
            RowFactory.create(r.modelOrBaseline(), r.metric(), r.k(), r.value(), r.n()));
      }
    }
    Map<String, Double> figures = RunReport.headlineFigures(evaluation);
    Row row =
        RowFactory.create(
            runId,
            Date.valueOf(runDate),
            Timestamp.from(startedAt),
            finishedAt == null ? null : Timestamp.from(finishedAt),
            status,
            error,
            c.nRead(),
            c.nValid(),
            c.nQuarantined(),
            c.nDuplicates(),
            c.nContextRead(),
            nInvestigations,
            nAlerts,
            nRecommendations,
            backfilled.size(),
            alertsSnapshot == null ? null : Date.valueOf(alertsSnapshot),
            dashboardsSnapshot == null ? null : Date.valueOf(dashboardsSnapshot),
            modelVersion,
            JavaConverters.mapAsScalaMap(settings.modelParameters())
                .toMap(scala.Predef.$conforms()),
            JavaConverters.asScalaBuffer(checkRows).toSeq(),
            JavaConverters.asScalaBuffer(timingRows).toSeq(),
            gate == null ? null : gate.status(),
            gate == null ? null : gate.note(),
            evaluation.evidenceDays(),
            evaluation.nUnits(),
            figures.get("eval_hit_rate_at_3"),
            figures.get("eval_hit_rate_at_3_account_popular"),
            figures.get("eval_hit_rate_at_3_alert_popular"),
            figures.get("eval_ndcg_at_5"),
            figures.get("eval_mrr"),
            figures.get("eval_alert_coverage"),
            figures.get("mttr_diff_median_s"),
            figures.get("mttr_diff_ci_low_s"),
            figures.get("mttr_diff_ci_high_s"),
            JavaConverters.asScalaBuffer(headlineRows).toSeq(),
            UserHash.fingerprint(settings.userHashKey()),
            nSparkJobs);
    return spark.createDataFrame(List.of(row), SCHEMA);
  }
}
