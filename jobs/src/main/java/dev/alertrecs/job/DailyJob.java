package dev.alertrecs.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import dev.alertrecs.checks.CheckResult;
import dev.alertrecs.checks.DailyChecks;
import dev.alertrecs.checks.RunCounts;
import dev.alertrecs.config.JobSettings;
import dev.alertrecs.evaluation.Backtest;
import dev.alertrecs.evaluation.EvaluationSummary;
import dev.alertrecs.evaluation.QualityGate;
import dev.alertrecs.evaluation.RunReport;
import dev.alertrecs.io.Checkpoints;
import dev.alertrecs.io.ObjectStore;
import dev.alertrecs.model.Evidence;
import dev.alertrecs.model.RecommendationLists;
import dev.alertrecs.steps.ComputeAlertStats;
import dev.alertrecs.steps.DeduplicateActions;
import dev.alertrecs.steps.ExtractInvestigationItems;
import dev.alertrecs.steps.ExtractInvestigationSteps;
import dev.alertrecs.steps.FindSimilarAlerts;
import dev.alertrecs.steps.IdentifyItems;
import dev.alertrecs.steps.MergeQueryFamilies;
import dev.alertrecs.steps.ParseActions;
import dev.alertrecs.steps.RankNextSteps;
import dev.alertrecs.steps.RedactUserIds;
import dev.alertrecs.steps.SessionizeInvestigations;
import dev.alertrecs.steps.StepTimer;
import dev.alertrecs.steps.SummarizeInvestigations;
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
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
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
      String modelVersion,
      String gateStatus,
      EvaluationSummary evaluation,
      long nSparkJobs) {}

  /**
   * The datasets one day's computation produces, and the figures of the day counted by the jobs
   * that built its caches; cached ones are released by {@link #close}.
   */
  private record Day(
      InputReader.ActionInput input,
      Dataset<Row> lines,
      RunCounts counts,
      Dataset<Row> identified,
      Dataset<Row> members,
      Dataset<Row> investigations,
      InvestigationCounts investigationCounts,
      Dataset<Row> items,
      Dataset<Row> steps) {
    void close() {
      lines.unpersist();
      members.unpersist();
      investigations.unpersist();
      items.unpersist();
    }
  }

  /** The investigations that started on the day, and those whose duration is out of bounds. */
  private record InvestigationCounts(long nInvestigations, long nOutOfBounds) {}

  static final String MODEL_NAME = "heuristic-lsh-v2";

  private final SparkSession spark;
  private final JobSettings settings;
  private final Layout layout;
  private final Clock clock;
  private final InputReader reader;
  private final OutputWriter writer;
  private final EvidenceStore evidence;
  private final ObjectStore store;

  /** Where reliable checkpoints go, null for local checkpoints. */
  private final String checkpointDir;

  public DailyJob(SparkSession spark, JobSettings settings, Layout layout, Clock clock) {
    this.spark = spark;
    this.settings = settings;
    this.layout = layout;
    this.clock = clock;
    this.reader = new InputReader(spark, layout);
    this.writer = new OutputWriter(spark, layout);
    this.evidence = new EvidenceStore(writer);
    this.store = ObjectStore.forSession(layout.outputRoot(), spark);
    this.checkpointDir =
        Checkpoints.configure(spark, settings.checkpointDir(), layout.outputRoot());
  }

  public Result run(LocalDate date) {
    Instant startedAt = clock.instant();
    String runId = runId(date, startedAt);
    String modelVersion = modelVersion(settings);
    StepTimer timer = new StepTimer(spark);
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    RunRecord record = new RunRecord(runId, date, startedAt, modelVersion, settings);
    SparkJobCounter jobs = SparkJobCounter.register(spark.sparkContext());
    Set<Integer> keptBefore = Checkpoints.kept(spark);
    try {
      InputReader.Snapshot alerts = reader.catalog("alerts", InputReader.ALERTS_SCHEMA, date);
      InputReader.Snapshot dashboards =
          reader.catalog("dashboards", InputReader.DASHBOARDS_SCHEMA, date);
      Dataset<Row> catalogAlerts = CatalogRows.alerts(alerts.rows());
      Dataset<Row> catalogDashboards = CatalogRows.dashboards(dashboards.rows());
      record.snapshots(alerts.date(), dashboards.date());

      Day today = computeDay(date, timer);
      RunCounts counts = today.counts();
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

      // rank: query families merged at scoring time (MinHash), similar alerts for cold alerts;
      // the fitted models are saved under models/dt=<date>/ with their settings
      List<LocalDate> stored = evidence.storedAmong(windowDays(date));
      Evidence window = evidence.read(stored);
      RecommendationLists.Result lists =
          RecommendationLists.build(
              window.items(),
              window.alerts(),
              window.transitions(),
              catalogAlerts,
              catalogDashboards,
              date,
              settings,
              modelVersion,
              startedAt,
              timer);
      timer.time(
          "save models", () -> saveModels(date, modelVersion, lists.families(), lists.similar()));
      // already checkpointed by the model build: the next steps, the checks, the writes and the
      // report all read the lists
      Dataset<Row> recommendations = lists.recommendations();
      Dataset<Row> nextSteps =
          timer.time(
              "rank next steps",
              () -> Checkpoints.materialize(RankNextSteps.served(lists.nextStepCandidates())));

      Dataset<Row> quarantine =
          today
              .lines()
              .where(
                  col("folder_date")
                      .equalTo(lit(java.sql.Date.valueOf(date)))
                      .and(col("quarantine_reason").isNotNull()))
              .select(
                  // CONTRACT.md: the raw id appears in no output, a cut or broken line included
                  RedactUserIds.apply(col("raw")).as("raw"),
                  col("quarantine_reason").as("reason"),
                  col("source_file"));

      // the checks' jobs also count the outputs' rows: no job of the run only counts
      DailyChecks.Outcome checked =
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
                          today.investigationCounts().nOutOfBounds(),
                          alertStats,
                          recommendations,
                          catalogAlerts,
                          catalogDashboards),
                      settings));
      List<CheckResult> checks = checked.checks();
      long nInvestigations = today.investigationCounts().nInvestigations();
      long nAlerts = checked.nAlerts();
      long nRecommendations = checked.nRecommendations();
      record.outputs(nInvestigations, nAlerts, nRecommendations);
      record.checks(checks);

      Publisher publisher = new Publisher(store, layout, settings.faults(), settings.keepRunDays());
      // backtest the date, decide whether to publish (docs/evaluation.md)
      Backtest.Outcome backtest =
          timer.time(
              "backtest lists built before " + date,
              () ->
                  new Backtest(spark, settings)
                      .run(
                          date,
                          evidence.read(before(stored, date)),
                          today.items(),
                          today.investigations(),
                          today.steps(),
                          catalogAlerts,
                          catalogDashboards,
                          modelVersion,
                          startedAt));
      timer.time(
          "stage evaluation",
          () ->
              writer.writeTo(
                  backtest.toDataset(spark),
                  publisher.stagedTable(date, runId, Layout.EVALUATION)));
      QualityGate.Decision gate = QualityGate.decide(checks, backtest.summary(), settings);
      record.evaluation(backtest.summary(), gate);

      timer.time(
          "stage quarantine",
          () ->
              writer.writeTo(
                  quarantine,
                  publisher.stagedTable(date, runId, Layout.QUARANTINE),
                  "source_file",
                  "reason",
                  "raw"));
      List<CheckResult> blocking = checks.stream().filter(CheckResult::blocks).toList();
      if (!blocking.isEmpty()) {
        String why =
            blocking.stream()
                .map(c -> c.name() + " (" + c.observed() + ")")
                .collect(Collectors.joining("; "));
        publisher.publishTables(date, runId, List.of(Layout.QUARANTINE, Layout.EVALUATION));
        record.finish(
            "failed_checks",
            "not published: " + why,
            clock.instant(),
            timer.timings(),
            jobs.jobs());
        publishRunRecord(publisher, record, date, runId);
        publisher.discard(date, runId);
        writeReport(record, date, alertStats, recommendations, false);
        today.close();
        throw new JobFailure(
            ExitCode.CHECKS_FAILED, "run of " + date + " not published: check failed: " + why);
      }

      // the quality gate: lists worse than the baseline are not published
      if (!gate.publish()) {
        record.finish(
            "gate_failed",
            "not published: quality gate: " + gate.note(),
            clock.instant(),
            timer.timings(),
            jobs.jobs());
        publisher.publishTables(date, runId, List.of(Layout.QUARANTINE, Layout.EVALUATION));
        publishRunRecord(publisher, record, date, runId);
        publisher.discard(date, runId);
        writeReport(record, date, alertStats, recommendations, false);
        today.close();
        throw new JobFailure(
            ExitCode.GATE_FAILED,
            "run of "
                + date
                + " not published: quality gate: "
                + gate.note()
                + "; the last good lists stay in place");
      }

      timer.time(
          "stage outputs",
          () -> {
            writer.writeTo(
                recommendations,
                publisher.stagedTable(date, runId, Layout.RECOMMENDATIONS),
                "account_id",
                "alert_id",
                "item_type",
                "rank");
            writer.writeTo(
                investigationsOfDay,
                publisher.stagedTable(date, runId, Layout.INVESTIGATIONS),
                "account_id",
                "alert_id",
                "started_at",
                "investigation_id");
            writer.writeTo(
                alertStats,
                publisher.stagedTable(date, runId, Layout.ALERT_STATS),
                "account_id",
                "alert_id");
            writer.writeTo(
                nextSteps,
                publisher.stagedTable(date, runId, Layout.NEXT_STEPS),
                "account_id",
                "alert_id",
                "after_item_type",
                "after_item_id",
                "rank");
          });
      settings.faults().pauseIfAt("after_stage"); // test-only: a kill here leaves all staged
      Map<String, String> snapshots =
          timer.time(
              "publish",
              () ->
                  publisher.publishTables(
                      date,
                      runId,
                      List.of(
                          Layout.RECOMMENDATIONS,
                          Layout.NEXT_STEPS,
                          Layout.INVESTIGATIONS,
                          Layout.ALERT_STATS,
                          Layout.QUARANTINE,
                          Layout.EVALUATION)));
      record.finish("published", null, clock.instant(), timer.timings(), jobs.jobs());
      publishRunRecord(publisher, record, date, runId);
      publisher.writeManifests(
          date,
          runId,
          modelVersion,
          clock.instant(),
          snapshots,
          Map.of(
              Layout.RECOMMENDATIONS, nRecommendations,
              Layout.NEXT_STEPS, nextSteps.count(),
              Layout.INVESTIGATIONS, nInvestigations,
              Layout.ALERT_STATS, nAlerts,
              Layout.QUARANTINE, counts.nQuarantined()));
      writeReport(record, date, alertStats, recommendations, true);
      today.close();
      alertStats.unpersist();
      return record.result(backfilled);
    } catch (Exception e) {
      // every failure but a run that decided not to publish (failed
      // checks, failed gate: both wrote their own record) leaves a run record, also a
      // SparkException (checked, but thrown unchecked by Spark); a storage failure deep in Spark
      // becomes one line and exit code 5
      JobFailure failure = e instanceof JobFailure f ? f : StorageFailures.classify(e);
      if (failure != null
          && (failure.exitCode() == ExitCode.CHECKS_FAILED
              || failure.exitCode() == ExitCode.GATE_FAILED)) {
        throw failure;
      }
      String line =
          failure != null
              ? failure.getMessage()
              : e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
      record.finish("failed", line, clock.instant(), timer.timings(), jobs.jobs());
      try {
        Publisher publisher = new Publisher(store, layout);
        publishRunRecord(publisher, record, date, runId);
        publisher.discard(date, runId);
      } catch (Exception ignored) { // also Spark's checked exceptions, thrown unchecked
        // the original failure matters more than the record of it
      }
      throw failure != null ? failure : unchecked(e);
    } finally {
      jobs.close();
      removeCheckpoints();
      Checkpoints.releaseSince(spark, keptBefore);
    }
  }

  /** A run's checkpoints serve that run only; the next run writes its own. */
  private void removeCheckpoints() {
    if (checkpointDir == null) {
      return;
    }
    try {
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(checkpointDir);
      dir.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(dir, true);
    } catch (java.io.IOException | RuntimeException e) {
      // leftovers cost storage, not correctness: the next run writes new folders
      System.err.println(
          "alert-recs: cannot remove the run's checkpoints in " + checkpointDir + ": " + e);
    }
  }

  /** The run's fitted models and their settings, beside its outputs. */
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

  /**
   * Parse, deduplicate, identify items, sessionize: the day's investigations and items. The input
   * is read and parsed once, straight into the deduplication's shuffle; its output, every line read
   * with its quarantine reason or duplicate flag (the raw text kept only for quarantined lines), is
   * the one cached copy of the day's lines, for the counts, the quarantine, the end of the data and
   * the time to engage. The investigation members are cached because two steps read them, so each
   * user timeline is sorted once, and built before those steps are planned, so they aggregate them
   * where they are, partitioned by user. Identifying items is a projection, its regexes run once,
   * for the sessionizing.
   */
  private Day computeDay(LocalDate day, StepTimer timer) {
    InputReader.ActionInput input = reader.actionsAround(day);
    Dataset<Row> read = input.rows();
    if (settings.faults().failFirstTaskAttempts()) {
      read = read.filter(new FailFirstTaskAttempts()); // test-only hook
    }
    Dataset<Row> parsed =
        ParseActions.apply(read, settings)
            .withColumn("raw", when(col("quarantine_reason").isNotNull(), col("raw")));
    Dataset<Row> lines = DeduplicateActions.apply(parsed).persist();
    RunCounts counts =
        timer.time(
            "parse and deduplicate actions of " + day,
            () -> reader.readingEveryFile(input, () -> countLines(lines, day)));
    Dataset<Row> identified = IdentifyItems.apply(lines);
    Dataset<Row> members = SessionizeInvestigations.apply(identified, settings).persist();
    Summaries summaries =
        timer.time(
            "sessionize investigations of " + day,
            () -> {
              // built before the summaries are planned: a cache not yet built reads as unknown
              // partitioning, and each summary then shuffled its partial aggregates again
              members.count();
              Dataset<Row> investigations =
                  SummarizeInvestigations.apply(members, identified, settings).persist();
              Dataset<Row> items = ExtractInvestigationItems.apply(members, settings).persist();
              InvestigationCounts investigationCounts = countInvestigations(investigations, day);
              items.count();
              return new Summaries(investigations, investigationCounts, items);
            });
    return new Day(
        input,
        lines,
        counts,
        identified,
        members,
        summaries.investigations(),
        summaries.investigationCounts(),
        summaries.items(),
        ExtractInvestigationSteps.apply(members, settings));
  }

  private record Summaries(
      Dataset<Row> investigations, InvestigationCounts investigationCounts, Dataset<Row> items) {}

  private void storeEvidence(Day day, LocalDate date) {
    evidence.write(date, day.items(), day.investigations(), day.steps());
  }

  /** Computes the evidence of window days that have actions but no stored evidence. */
  private List<LocalDate> backfillEvidence(LocalDate date, StepTimer timer) {
    List<LocalDate> done = new ArrayList<>();
    for (LocalDate day : windowDays(date)) {
      if (day.equals(date) || evidence.has(day) || !reader.exists(layout.actionsDay(day))) {
        continue;
      }
      Day past = computeDay(day, timer);
      timer.time("store evidence of " + day, () -> storeEvidence(past, day));
      past.close();
      done.add(day);
    }
    return done;
  }

  /** The days a backtest of {@code date} builds its lists from: the stored ones before it. */
  private static List<LocalDate> before(List<LocalDate> stored, LocalDate date) {
    return stored.stream().filter(day -> day.isBefore(date)).toList();
  }

  private List<LocalDate> windowDays(LocalDate date) {
    List<LocalDate> days = new ArrayList<>();
    for (int back = settings.windowDays() - 1; back >= 0; back--) {
      days.add(date.minusDays(back));
    }
    return days;
  }

  /**
   * Counts the lines of the run date's folder by how they were used: the aggregate that builds the
   * cache of the day's lines, so reading the day and counting it are one Spark job.
   */
  private static RunCounts countLines(Dataset<Row> lines, LocalDate date) {
    Column runDay = col("folder_date").equalTo(lit(java.sql.Date.valueOf(date)));
    Column valid = col("quarantine_reason").isNull().and(not(col("is_duplicate")));
    Row counts =
        lines
            .agg(
                countWhere(runDay),
                countWhere(runDay.and(valid)),
                countWhere(runDay.and(col("quarantine_reason").isNotNull())),
                countWhere(runDay.and(col("is_duplicate"))),
                countWhere(not(runDay)))
            .first();
    return new RunCounts(
        counts.getLong(0),
        counts.getLong(1),
        counts.getLong(2),
        counts.getLong(3),
        counts.getLong(4));
  }

  /**
   * Counts the investigations that started on the date, and those the duration check refuses: the
   * aggregate that builds the cache of the investigations, so the check needs no job of its own.
   */
  private InvestigationCounts countInvestigations(Dataset<Row> investigations, LocalDate date) {
    Column startedOnDay = col("started_on").equalTo(lit(java.sql.Date.valueOf(date)));
    Row counts =
        investigations
            .agg(
                countWhere(startedOnDay),
                countWhere(startedOnDay.and(DailyChecks.durationOutOfBounds(settings))))
            .first();
    return new InvestigationCounts(counts.getLong(0), counts.getLong(1));
  }

  private static Column countWhere(Column condition) {
    return count(when(condition, lit(1)));
  }

  private void publishRunRecord(
      Publisher publisher, RunRecord record, LocalDate date, String runId) {
    writer.writeTo(record.toDataset(spark), publisher.stagedTable(date, runId, Layout.RUNS));
    publisher.publishRunRecord(date, runId);
  }

  // the run report and the evaluate command

  static final String REPORT_FILE = "_report.html";
  static final int REPORT_ALERTS = 5;

  /**
   * Writes runs/dt=D/_report.html after the run record (the record's write replaces the folder).
   */
  private void writeReport(
      RunRecord record,
      LocalDate date,
      Dataset<Row> alertStats,
      Dataset<Row> recommendations,
      boolean published) {
    List<Row> busiest =
        alertStats
            .orderBy(col("n_investigations").desc(), col("account_id"), col("alert_id"))
            .limit(REPORT_ALERTS)
            .collectAsList();
    List<String> keys =
        busiest.stream()
            .map(a -> a.<String>getAs("account_id") + "|" + a.<String>getAs("alert_id"))
            .toList();
    // one Spark job for the lists of all the busiest alerts
    Map<String, List<RunReport.ListItem>> itemsByAlert =
        recommendations
            .where(concat_ws("|", col("account_id"), col("alert_id")).isin(keys.toArray()))
            .orderBy("account_id", "alert_id", "item_type", "rank")
            .collectAsList()
            .stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.<String>getAs("account_id") + "|" + r.<String>getAs("alert_id"),
                    Collectors.mapping(
                        r ->
                            new RunReport.ListItem(
                                r.getAs("item_type"),
                                r.<Integer>getAs("rank"),
                                r.getAs("item_label"),
                                r.getAs("strategy"),
                                r.<Double>getAs("score")),
                        Collectors.toList())));
    List<RunReport.AlertLists> lists = new ArrayList<>();
    for (Row a : busiest) {
      List<RunReport.ListItem> items =
          itemsByAlert.getOrDefault(
              a.<String>getAs("account_id") + "|" + a.<String>getAs("alert_id"), List.of());
      lists.add(
          new RunReport.AlertLists(
              a.getAs("account_id"),
              a.getAs("alert_id"),
              a.<Long>getAs("n_investigations"),
              a.getAs("mttr_median_s"),
              items));
    }
    writer.writeText(
        Layout.RUNS, date, REPORT_FILE, RunReport.render(record.reportData(lists, published)));
  }

  /**
   * The backtest of one date on its own (the {@code evaluate} command): computes the date's
   * investigations, makes sure the evidence of the window before it is stored (as a daily run
   * would), and writes {@code evaluation/dt=D/}. Publishes nothing and writes no run record.
   */
  public EvaluationSummary evaluate(LocalDate date) {
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    StepTimer timer = new StepTimer(spark);
    Set<Integer> keptBefore = Checkpoints.kept(spark);
    try {
      return evaluateDay(date, timer);
    } finally {
      Checkpoints.releaseSince(spark, keptBefore);
    }
  }

  private EvaluationSummary evaluateDay(LocalDate date, StepTimer timer) {
    Dataset<Row> catalogAlerts =
        CatalogRows.alerts(reader.catalog("alerts", InputReader.ALERTS_SCHEMA, date).rows());
    Dataset<Row> catalogDashboards =
        CatalogRows.dashboards(
            reader.catalog("dashboards", InputReader.DASHBOARDS_SCHEMA, date).rows());
    Day day = computeDay(date, timer);
    timer.time("store evidence of " + date, () -> storeEvidence(day, date));
    backfillEvidence(date, timer);
    Backtest.Outcome outcome =
        timer.time(
            "backtest lists built before " + date,
            () ->
                new Backtest(spark, settings)
                    .run(
                        date,
                        evidence.read(before(evidence.storedAmong(windowDays(date)), date)),
                        day.items(),
                        day.investigations(),
                        day.steps(),
                        catalogAlerts,
                        catalogDashboards,
                        modelVersion(settings),
                        clock.instant()));
    writer.write(outcome.toDataset(spark), Layout.EVALUATION, date);
    day.close();
    return outcome.summary();
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

  /**
   * Test-only: the first attempt of every even-numbered task throws, so the run finishes only where
   * Spark retries tasks; the retried attempt passes every row.
   */
  static final class FailFirstTaskAttempts
      implements org.apache.spark.api.java.function.FilterFunction<Row> {
    @Override
    public boolean call(Row row) {
      org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
      if (task != null && task.attemptNumber() == 0 && task.partitionId() % 2 == 0) {
        throw new IllegalStateException(
            "fault: first attempt of task " + task.partitionId() + " fails on purpose");
      }
      return true;
    }
  }

  /** Rethrows an exception as it is; Spark throws its checked SparkException this way too. */
  static RuntimeException unchecked(Exception e) {
    if (e instanceof RuntimeException r) {
      return r;
    }
    DailyJob.<RuntimeException>throwAs(e);
    return new IllegalStateException(e);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Exception> void throwAs(Exception e) throws E {
    throw (E) e;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
