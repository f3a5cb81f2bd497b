package dev.alertrecs.steps;

import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The items that helped resolve each investigation of the run date, graded by closeness to the
 * resolution, for the backtest: resolved investigations only, the account's navigation items left
 * out, gain 3 for the item used last before the resolve, 2 for the one before, 1 for earlier ones.
 * Grain: one row per (investigation, item_type, item_id). Shuffles by investigation.
 */
public final class GradeRelevance {
  public static final String VIEW = "evaluate_relevance";

  private GradeRelevance() {}

  /**
   * @param investigationItems extract_investigation_items, query items keyed by merged family
   * @param investigations summarize_investigations (its stop_reason)
   * @param navigation FindNavigationItems of the same evidence
   */
  public static Dataset<Row> apply(
      Dataset<Row> investigationItems,
      Dataset<Row> investigations,
      Dataset<Row> navigation,
      LocalDate runDate) {
    SqlModel.register(investigationItems, ExtractInvestigationItems.VIEW);
    SqlModel.register(investigations, SummarizeInvestigations.VIEW);
    SqlModel.register(navigation, FindNavigationItems.VIEW);
    return SqlModel.run(investigationItems.sparkSession(), VIEW, Map.of("run_date", runDate));
  }
}
