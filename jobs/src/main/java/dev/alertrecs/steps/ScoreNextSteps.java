package dev.alertrecs.steps;

import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The next-step backtest of one date: each step of the date's resolved investigations after their
 * first item, scored for the model's next steps and two baselines (the alert's list, the account's
 * most common next items) by whether the item used next is among the first three offered of its
 * type. Grain: one row per (ranker, item type, or all).
 */
public final class ScoreNextSteps {
  public static final String VIEW = "evaluate_next_steps";

  private ScoreNextSteps() {}

  /**
   * @param dateSteps extract_investigation_steps of the date's computation
   * @param familyMap the query families of the lists built before the date
   * @param navigation the navigation items (find_navigation_items)
   * @param candidates rank_next_steps built before the date
   * @param modelLists rank_recommendations built before the date
   * @param transitionEvidence the stored transition evidence of the days before the date
   */
  public static Dataset<Row> apply(
      Dataset<Row> dateSteps,
      Dataset<Row> familyMap,
      Dataset<Row> navigation,
      Dataset<Row> candidates,
      Dataset<Row> modelLists,
      Dataset<Row> transitionEvidence,
      LocalDate date) {
    SqlModel.register(dateSteps, "backtest_steps");
    SqlModel.register(familyMap, "query_family_map");
    SqlModel.register(navigation, "backtest_navigation");
    SqlModel.register(candidates, "next_step_candidates");
    SqlModel.register(modelLists, "backtest_model_lists");
    SqlModel.register(transitionEvidence, "backtest_transition_evidence");
    return SqlModel.run(dateSteps.sparkSession(), VIEW, Map.of("run_date", date));
  }
}
