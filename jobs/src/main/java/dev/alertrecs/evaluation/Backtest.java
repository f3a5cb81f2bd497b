package dev.alertrecs.evaluation;

import dev.alertrecs.config.JobSettings;
import dev.alertrecs.io.Checkpoints;
import dev.alertrecs.model.Evidence;
import dev.alertrecs.model.RecommendationLists;
import dev.alertrecs.steps.AssignHistorySegments;
import dev.alertrecs.steps.BuildEvaluationLists;
import dev.alertrecs.steps.CompareMttr;
import dev.alertrecs.steps.ComputeRankingMetrics;
import dev.alertrecs.steps.FindNavigationItems;
import dev.alertrecs.steps.GradeRelevance;
import dev.alertrecs.steps.ScoreEvaluationUnits;
import dev.alertrecs.steps.ScoreNextSteps;
import dev.alertrecs.steps.StepTimer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The offline evaluation of one date D: lists built only from data before D (the stored evidence of
 * the run's window without D itself, scored and ranked with run date D) are scored against the
 * items that helped resolve the investigations that started on D (resolved ones only, navigation
 * items left out, graded by closeness to the resolution), beside two popularity baselines built
 * from the same evidence, per item type, alert group and history segment, with the model's NDCG@3
 * minus each baseline's and its bootstrap interval for the quality gate; and the time to resolve of
 * D's investigations that used a recommendation is compared with the others'. See
 * docs/evaluation.md.
 *
 * <p>Reads the evidence of the days before D it is given; reads and writes nothing else: the job
 * writes the rows to {@code evaluation/dt=D/}. The figures are small (a few hundred rows plus three
 * per alert) and are collected to the driver, where the bootstraps run; so is one small row per
 * evaluated investigation, for the bootstrap of the NDCG difference.
 */
public final class Backtest {
  /** The figures of a date, as rows for the table and as a summary for the gate and the record. */
  public record Outcome(List<EvaluationRow> rows, EvaluationSummary summary) {
    public Dataset<Row> toDataset(SparkSession spark) {
      return spark.createDataFrame(
          rows.stream().map(EvaluationRow::toRow).toList(), EvaluationRow.SCHEMA);
    }
  }

  /** The next steps are scored at 3: the few a person reads while investigating. */
  public static final int NEXT_STEP_K = 3;

  private final SparkSession spark;
  private final JobSettings settings;

  public Backtest(SparkSession spark, JobSettings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  /**
   * @param evidenceBefore the stored evidence of the window's days before the date
   * @param investigationItems extract_investigation_items of the date's computation
   * @param investigations summarize_investigations of the date's computation
   * @param investigationSteps extract_investigation_steps of the date's computation
   */
  public Outcome run(
      LocalDate date,
      Evidence evidenceBefore,
      Dataset<Row> investigationItems,
      Dataset<Row> investigations,
      Dataset<Row> investigationSteps,
      Dataset<Row> catalogAlerts,
      Dataset<Row> catalogDashboards,
      String modelVersion,
      Instant generatedAt) {
    List<EvaluationRow> rows = new ArrayList<>();
    List<LocalDate> days = evidenceBefore.days();
    long nUnits;
    if (!days.isEmpty()) {
      Dataset<Row> itemEvidence = evidenceBefore.items();
      Dataset<Row> alertEvidence = evidenceBefore.alerts();
      Dataset<Row> transitionEvidence = evidenceBefore.transitions();
      RecommendationLists.Result model =
          RecommendationLists.build(
              itemEvidence,
              alertEvidence,
              transitionEvidence,
              catalogAlerts,
              catalogDashboards,
              date,
              settings,
              modelVersion,
              generatedAt,
              new StepTimer(spark));
      Dataset<Row> modelLists = model.recommendations();
      Dataset<Row> familyEvidence = model.families().itemEvidence();
      Scored scored =
          score(
              date,
              RecommendationLists.itemsByFamily(investigationItems, model.families().familyMap()),
              investigations,
              familyEvidence,
              alertEvidence,
              model.navigation(),
              modelLists,
              catalogDashboards,
              settings);
      for (Row r : scored.metrics().collectAsList()) {
        rows.add(
            new EvaluationRow(
                r.getAs("model_or_baseline"),
                modelVersion,
                r.getAs("item_type"),
                r.getAs("alert_group"),
                null,
                null,
                r.getAs("metric"),
                r.getAs("k"),
                r.<Double>getAs("value"),
                r.<Long>getAs("n"),
                null,
                null,
                r.getAs("history_segment")));
      }
      for (NdcgBootstrap.Figure f :
          NdcgBootstrap.compute(
              NdcgBootstrap.perInvestigation(scored.units()),
              settings.evalBootstrapResamples(),
              settings.evalBootstrapSeed())) {
        rows.add(
            new EvaluationRow(
                EvaluationRow.MODEL,
                modelVersion,
                EvaluationRow.ALL,
                f.alertGroup(),
                null,
                null,
                f.metric(),
                NdcgBootstrap.K,
                f.value(),
                f.nUnits(),
                f.ciLow(),
                f.ciHigh(),
                f.historySegment()));
      }
      for (Row r :
          ScoreNextSteps.apply(
                  investigationSteps,
                  model.families().familyMap(),
                  scored.navigation(),
                  model.nextStepCandidates(),
                  modelLists,
                  transitionEvidence,
                  date)
              .collectAsList()) {
        rows.add(
            new EvaluationRow(
                r.getAs("ranker"),
                modelVersion,
                r.getAs("item_type"),
                EvaluationRow.ALL,
                null,
                null,
                EvaluationRow.NEXT_STEP_HIT_RATE,
                NEXT_STEP_K,
                ((Number) r.getAs("value")).doubleValue(),
                r.<Long>getAs("n"),
                null,
                null));
      }
      // every unit is scored for every ranker: the pooled count is the number of units
      nUnits =
          rows.stream()
              .filter(r -> r.isHeadline(EvaluationRow.MODEL, "hit_rate", 1))
              .mapToLong(EvaluationRow::n)
              .findFirst()
              .orElse(0);
    } else {
      // no evidence, so no navigation items known: every helpful item of a resolved
      // investigation counts
      Dataset<Row> noNavigation =
          spark.sql(
              "select cast(null as string) as account_id, cast(null as string) as item_type,"
                  + " cast(null as string) as item_id where false");
      nUnits =
          GradeRelevance.apply(investigationItems, investigations, noNavigation, date)
              .select("investigation_id", "item_type")
              .distinct()
              .count();
    }
    rows.addAll(mttrRows(date, investigations, modelVersion));
    rows.sort(EvaluationRows.ORDER);
    return new Outcome(rows, new EvaluationSummary(rows, days.size(), nUnits));
  }

  /** The steps of scoring one date's lists, each result named for its step. */
  public record Scored(
      Dataset<Row> navigation,
      Dataset<Row> relevance,
      Dataset<Row> lists,
      Dataset<Row> segments,
      Dataset<Row> units,
      Dataset<Row> metrics) {}

  /**
   * Scores the model's lists and the baselines against the date's investigations: navigation items,
   * graded relevance, the baseline lists, history segments, every unit under every ranker and the
   * means. Lists, baselines and relevance are all in the merged query families' ids.
   *
   * @param familyItems extract_investigation_items, query items keyed by merged family
   * @param familyEvidence the item evidence of the days before the date, keyed the same way
   */
  public static Scored score(
      LocalDate date,
      Dataset<Row> familyItems,
      Dataset<Row> investigations,
      Dataset<Row> familyEvidence,
      Dataset<Row> alertEvidence,
      Dataset<Row> modelLists,
      Dataset<Row> catalogDashboards,
      JobSettings settings) {
    return score(
        date,
        familyItems,
        investigations,
        familyEvidence,
        alertEvidence,
        Checkpoints.materialize(FindNavigationItems.apply(familyEvidence, alertEvidence, settings)),
        modelLists,
        catalogDashboards,
        settings);
  }

  /**
   * As above, with the navigation items the model found in the same evidence (the backtest of a run
   * reuses them rather than finding them again).
   */
  static Scored score(
      LocalDate date,
      Dataset<Row> familyItems,
      Dataset<Row> investigations,
      Dataset<Row> familyEvidence,
      Dataset<Row> alertEvidence,
      Dataset<Row> navigation,
      Dataset<Row> modelLists,
      Dataset<Row> catalogDashboards,
      JobSettings settings) {
    // the results read several times are materialized once and checkpointed, not cached: a
    // cached plan (here the whole ranking, and the day's sessionizing) is planned and printed
    // again inside every plan that reads it
    Dataset<Row> relevance =
        Checkpoints.materialize(
            GradeRelevance.apply(familyItems, investigations, navigation, date));
    Dataset<Row> lists =
        Checkpoints.materialize(
            BuildEvaluationLists.apply(
                modelLists, familyEvidence, catalogDashboards, navigation, relevance, settings));
    Dataset<Row> segments =
        Checkpoints.materialize(AssignHistorySegments.apply(relevance, alertEvidence));
    Dataset<Row> units =
        Checkpoints.materialize(ScoreEvaluationUnits.apply(relevance, lists, segments));
    Dataset<Row> metrics = ComputeRankingMetrics.apply(units, relevance, segments, lists);
    return new Scored(navigation, relevance, lists, segments, units, metrics);
  }

  private List<EvaluationRow> mttrRows(
      LocalDate date, Dataset<Row> investigations, String modelVersion) {
    List<MttrBootstrap.AlertDurations> alerts = new ArrayList<>();
    for (Row r : CompareMttr.apply(investigations, date).collectAsList()) {
      alerts.add(
          new MttrBootstrap.AlertDurations(
              r.getAs("account_id"),
              r.getAs("alert_id"),
              doubles(r.getList(r.fieldIndex("durations_with_recs_s"))),
              doubles(r.getList(r.fieldIndex("durations_without_recs_s")))));
    }
    List<EvaluationRow> rows = new ArrayList<>();
    for (MttrBootstrap.Figure f :
        MttrBootstrap.compute(
            alerts, settings.evalBootstrapResamples(), settings.evalBootstrapSeed())) {
      rows.add(
          new EvaluationRow(
              EvaluationRow.OBSERVED,
              modelVersion,
              EvaluationRow.ALL,
              f.accountId() == null ? EvaluationRow.ALL : "alert",
              f.accountId(),
              f.alertId(),
              f.metric(),
              null,
              f.value(),
              f.n(),
              f.ciLow(),
              f.ciHigh()));
    }
    return rows;
  }

  private static double[] doubles(List<Object> values) {
    return values.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
  }
}
