package dev.alertrecs.steps;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores every evaluation unit (a resolved investigation and an item type it used a helpful item
 * of) under every ranker's list: hit, precision, recall and NDCG at k = 1, 3, 5 and the reciprocal
 * rank, with the unit's alert group and history segment. Grain: one row per (model_or_baseline,
 * investigation_id, item_type). The lists are small and broadcast; shuffles by unit.
 */
public final class ScoreEvaluationUnits {
  public static final String VIEW = "evaluate_units";

  private ScoreEvaluationUnits() {}

  public static Dataset<Row> apply(
      Dataset<Row> relevance, Dataset<Row> lists, Dataset<Row> historySegments) {
    SqlModel.register(relevance, GradeRelevance.VIEW);
    SqlModel.register(lists, BuildEvaluationLists.VIEW);
    SqlModel.register(historySegments, AssignHistorySegments.VIEW);
    return SqlModel.run(relevance.sparkSession(), VIEW, Map.of());
  }
}
