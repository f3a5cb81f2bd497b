package dev.alertrecs.steps;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The means of the scored units (hit rate, precision, recall and NDCG at k = 1, 3, 5, MRR) and the
 * coverage of every ranker, per item type, alert group (warm, cold) and history segment. Grain: one
 * row per (model_or_baseline, item_type, alert_group, history_segment, metric, k). Shuffles once
 * for the grouping sets.
 */
public final class ComputeRankingMetrics {
  public static final String VIEW = "evaluate_metrics";

  private ComputeRankingMetrics() {}

  public static Dataset<Row> apply(
      Dataset<Row> units,
      Dataset<Row> relevance,
      Dataset<Row> historySegments,
      Dataset<Row> lists) {
    SqlModel.register(units, ScoreEvaluationUnits.VIEW);
    SqlModel.register(relevance, GradeRelevance.VIEW);
    SqlModel.register(historySegments, AssignHistorySegments.VIEW);
    SqlModel.register(lists, BuildEvaluationLists.VIEW);
    return SqlModel.run(units.sparkSession(), VIEW, Map.of());
  }
}
