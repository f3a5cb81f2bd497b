package dev.alertrecs.steps;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores every ranker's lists against the investigations of the run date: hit rate, precision,
 * recall and NDCG at k = 1, 3, 5, MRR and coverage, per item type and for warm and cold alerts.
 * Grain: one row per (model_or_baseline, item_type, alert_group, metric, k). Shuffles by
 * investigation, then once more for the grouping sets.
 */
public final class ComputeRankingMetrics {
  public static final String VIEW = "evaluate_metrics";

  private ComputeRankingMetrics() {}

  public static Dataset<Row> apply(
      Dataset<Row> relevance, Dataset<Row> lists, Dataset<Row> alertEvidenceBefore) {
    SqlModel.register(relevance, GradeRelevance.VIEW);
    SqlModel.register(lists, BuildEvaluationLists.VIEW);
    SqlModel.register(alertEvidenceBefore, "backtest_alert_evidence");
    return SqlModel.run(relevance.sparkSession(), VIEW, Map.of());
  }
}
