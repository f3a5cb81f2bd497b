package dev.alertrecs.steps;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How much history each evaluated alert's lists were built from: its investigations in the evidence
 * window before the run date, as an alert group (warm, cold) and a history segment (0, 1-2, 3-9,
 * 10-29, 30+). Grain: one row per (account, alert) with an evaluation unit. Shuffles by alert.
 */
public final class AssignHistorySegments {
  public static final String VIEW = "evaluate_history_segments";

  private AssignHistorySegments() {}

  public static Dataset<Row> apply(Dataset<Row> relevance, Dataset<Row> alertEvidenceBefore) {
    SqlModel.register(relevance, GradeRelevance.VIEW);
    SqlModel.register(alertEvidenceBefore, "backtest_alert_evidence");
    return SqlModel.run(relevance.sparkSession(), VIEW, Map.of());
  }
}
