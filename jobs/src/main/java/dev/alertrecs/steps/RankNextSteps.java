package dev.alertrecs.steps;

import static org.apache.spark.sql.functions.col;

import dev.alertrecs.config.JobSettings;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What to open next during an investigation: for each alert and each item a user has just used, the
 * next items scored by the alert's own share of resolved investigations that went there next,
 * shrunk toward its similar alerts (cold alerts) or the account's other alerts, and weighed against
 * what everyone opens next anyway. See docs/method.md#next-steps. Grain: one row per (account,
 * alert, after item, next item): the first {@code top_k} of each item type ({@code type_rank}),
 * ranked over both types ({@code rank}); the served table ({@link #served}) has the contract's
 * columns, the backtest reads {@code type_rank}.
 */
public final class RankNextSteps {
  public static final String VIEW = "rank_next_steps";

  /** The contract's columns of {@code next_steps}, in order. */
  public static final String[] COLUMNS = {
    "account_id",
    "alert_id",
    "after_item_type",
    "after_item_id",
    "after_item_label",
    "rank",
    "item_type",
    "item_id",
    "item_label",
    "score",
    "investigations",
    "strategy",
    "reason",
    "model_version",
    "generated_at"
  };

  private RankNextSteps() {}

  /**
   * @param transitionEvidence stored transition evidence of the window's days
   * @param familyMap merge_query_families' map from a query id to its family
   * @param familyItemEvidence item evidence keyed by family (query labels)
   * @param recommendations the alerts' lists, whose items are after items and candidates too
   * @param navigation find_navigation_items: never offered as a next step
   * @param itemScores score_items: each alert's share of investigations that used each item
   */
  public static Dataset<Row> apply(
      Dataset<Row> transitionEvidence,
      Dataset<Row> familyMap,
      Dataset<Row> familyItemEvidence,
      Dataset<Row> alertEvidence,
      Dataset<Row> catalogAlerts,
      Dataset<Row> catalogDashboards,
      Dataset<Row> similarAlerts,
      Dataset<Row> recommendations,
      Dataset<Row> itemScores,
      Dataset<Row> navigation,
      JobSettings settings,
      String modelVersion,
      Instant generatedAt) {
    SqlModel.register(transitionEvidence, "transition_evidence_window");
    SqlModel.register(familyMap, "query_family_map");
    SqlModel.register(familyItemEvidence, "next_step_item_evidence");
    SqlModel.register(alertEvidence, "alert_evidence_window");
    SqlModel.register(catalogAlerts, "catalog_alerts");
    SqlModel.register(catalogDashboards, "catalog_dashboards");
    SqlModel.register(similarAlerts, "similar_alerts");
    SqlModel.register(recommendations, "recommendations");
    SqlModel.register(itemScores, "item_scores");
    SqlModel.register(navigation, "navigation_items");
    return SqlModel.run(
        transitionEvidence.sparkSession(),
        VIEW,
        Map.of(
            "top_k", settings.topK(),
            "prior_weight", settings.nextStepPriorWeight(),
            "cold_alert_max_investigations", settings.coldAlertMaxInvestigations(),
            "similar_alert_min_ratio", settings.similarAlertMinRatio(),
            "model_version", modelVersion,
            "generated_at", generatedAt));
  }

  /** The served table: the contract's columns of the ranked next steps. */
  public static Dataset<Row> served(Dataset<Row> candidates) {
    return candidates.select(
        java.util.Arrays.stream(COLUMNS)
            .map(c -> col(c))
            .toArray(org.apache.spark.sql.Column[]::new));
  }
}
